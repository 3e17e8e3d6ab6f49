namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The patch formats the API server accepts, as content types.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch: maps merge, lists replace, null deletes.</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch: a list of operations; a failing <c>test</c> op makes the whole patch fail with 422/409.</summary>
    Json,
}
