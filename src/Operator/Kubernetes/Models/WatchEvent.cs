namespace Rotator.Operator.Kubernetes.Models;

/// <summary>One line of a watch stream. <see cref="Item"/> is null for <see cref="WatchEventType.Error"/>, which carries <see cref="Status"/>.</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T? Item, Status? Status)
    where T : class;
