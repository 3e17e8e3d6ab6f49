using FluentAssertions;
using Rotator.Kubernetes.Http;

namespace Rotator.Operator.Tests.Kubernetes.Http;

public sealed class KubernetesRequestTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/ns/secrets/name", "get", "secrets")]
    [InlineData("GET", "/api/v1/namespaces/ns/secrets?labelSelector=a%3Db&limit=500", "list", "secrets")]
    [InlineData("GET", "/api/v1/secrets?watch=true&resourceVersion=5", "watch", "secrets")]
    [InlineData("GET", "/apis/rotator.io/v1alpha1/namespaces/ns/rotatingsecrets?watch=true", "watch", "rotatingsecrets")]
    [InlineData("PATCH", "/apis/rotator.io/v1alpha1/namespaces/ns/rotatingsecrets/name/status?fieldManager=rotator", "patch", "rotatingsecrets/status")]
    [InlineData("POST", "/apis/events.k8s.io/v1/namespaces/ns/events", "create", "events")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/rotator-leader", "update", "leases")]
    [InlineData("DELETE", "/api/v1/namespaces/ns/secrets/name", "delete", "secrets")]
    [InlineData("DELETE", "/api/v1/namespaces/ns/secrets", "deletecollection", "secrets")]
    [InlineData("GET", "/api/v1/namespaces/default", "get", "namespaces")]
    [InlineData("POST", "/api/v1/namespaces", "create", "namespaces")]
    [InlineData("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rotatingsecrets.rotator.io", "get", "customresourcedefinitions")]
    [InlineData("GET", "/version/", "get", "version")]
    public void Names_the_verb_and_the_plural_with_its_subresource_and_never_the_name_or_namespace(string method, string path, string verb, string resource)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri("https://kube.example:6443"), path));

        KubernetesRequest.Of(request).Should().Be(new KubernetesRequest(verb, resource));
    }
}
