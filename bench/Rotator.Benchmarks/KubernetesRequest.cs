namespace Rotator.Benchmarks;

/// <summary>
/// One kind of Kubernetes API request: the verb as the API server's audit log names it
/// (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>) and
/// the resource, with its subresource after a slash (<c>rotatingsecrets/status</c>).
/// </summary>
public sealed record KubernetesRequest(string Verb, string Resource)
{
    /// <summary>Verbs that change state in the API server.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete";

    /// <summary>
    /// Leader election renews its Lease every retry period whatever the controllers do, so idle
    /// writes are judged without it (and it is reported on its own).
    /// </summary>
    public bool IsLease => Resource.StartsWith("leases", StringComparison.Ordinal);

    public override string ToString() => $"{Verb} {Resource}";
}
