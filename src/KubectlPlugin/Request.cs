namespace Rotator.KubectlPlugin;

/// <summary>One annotation request to the operator: which resource, which annotation, the value written, and when.</summary>
public sealed record Request(string Name, string Annotation, string Value, DateTimeOffset At);
