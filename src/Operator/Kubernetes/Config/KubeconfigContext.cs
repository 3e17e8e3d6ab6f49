namespace Rotator.Operator.Kubernetes.Config;

/// <summary>One <c>contexts[]</c> entry.</summary>
internal sealed record KubeconfigContext(string Name, string File, string? Cluster, string? User, string? Namespace);
