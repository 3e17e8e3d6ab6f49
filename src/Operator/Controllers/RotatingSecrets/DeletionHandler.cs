using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.Finalizers;
using Rotator.Rotation.Aws.Clients;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// A RotatingSecret's end: the finalizer holds it until <c>target.deletionPolicy</c> was applied to the Secret
/// (deleted, or released and left in place); the AWS secret is never touched. Metrics and cached AWS clients of a
/// resource that is gone are forgotten.
/// </summary>
public sealed class DeletionHandler(ResourceApi<RotatingSecret> resources, SecretMirror mirror, ResourceEvents events, RotatorMetrics metrics, IAwsClients aws)
{
    /// <summary>Held while the operator may still have to remove the mirrored Secret.</summary>
    public const string Finalizer = "rotator.io/mirror";

    private readonly FinalizerManager<RotatingSecret> finalizers = new(resources, Finalizer);

    /// <summary>Adds the finalizer when it is missing; returns the resource as stored.</summary>
    public async Task<RotatingSecret> GuardAsync(RotatingSecret resource, CancellationToken cancellationToken) =>
        finalizers.Has(resource) ? resource : await finalizers.AddAsync(resource, cancellationToken);

    /// <summary>Applies the deletion policy and lets the resource go.</summary>
    public async Task FinalizeAsync(RotatingSecret resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (finalizers.Has(resource))
        {
            var policy = resource.Spec.Target?.DeletionPolicy ?? DeletionPolicy.Delete;
            await mirror.ReleaseAsync(resource, policy, cancellationToken);
            var target = resource.Spec.Target?.Name ?? resource.Metadata.Name;
            events.Record(resource, EventType.Normal, policy == DeletionPolicy.Delete ? StatusReasons.SecretDeleted : StatusReasons.SecretRetained, "Delete",
                policy == DeletionPolicy.Delete ? $"Secret {target} deleted with its RotatingSecret" : $"Secret {target} retained (deletionPolicy Retain); the AWS secret is untouched");
            await finalizers.RemoveAsync(resource, cancellationToken);
        }

        Forget(resource.Metadata.NamespaceProperty ?? "", resource.Metadata.Name ?? "");
    }

    /// <summary>Drops what is kept per resource (metric series, AWS clients) once it is gone.</summary>
    public void Forget(string ns, string name)
    {
        metrics.ResourceDeleted(ns, name);
        aws.Forget(ns, name);
    }
}
