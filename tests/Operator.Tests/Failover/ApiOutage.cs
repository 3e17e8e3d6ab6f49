using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Tests.Failover;

/// <summary>What a client of the API server sees while it is stopped or restarting; the test's loops wait these out.</summary>
internal static class ApiOutage
{
    public static bool Is(Exception e, CancellationToken ct) =>
        e is KubernetesApiException or HttpRequestException or IOException or TimeoutException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);
}
