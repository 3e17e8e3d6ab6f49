namespace Rotator.Operator.Kubernetes.Api;

/// <summary>What one request does: named for error messages (<see cref="KubernetesApiException"/>) and for the request observer.</summary>
/// <param name="Verb">The Kubernetes verb, e.g. <c>list</c>.</param>
/// <param name="Plural">The plural resource name without its group, e.g. <c>deployments</c>.</param>
/// <param name="ResourceName">The name RBAC and error messages use, e.g. <c>deployments.apps</c>.</param>
/// <param name="Subresource">e.g. <c>status</c>, or null.</param>
internal sealed record ApiCall(string Verb, string Plural, string ResourceName, string? Subresource = null)
{
    /// <summary>The verb as error messages have always said it: <c>patch status</c> for a status patch.</summary>
    public string DescribedVerb => Subresource is null ? Verb : $"{Verb} {Subresource}";

    /// <summary>The resource label: <c>rotatingsecrets/status</c>, as the API server's own metrics write it.</summary>
    public string ObservedResource => Subresource is null ? Plural : $"{Plural}/{Subresource}";
}
