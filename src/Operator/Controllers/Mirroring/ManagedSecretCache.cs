using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Hosting;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Queues;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// A watch of the Secrets this operator manages (label <c>app.kubernetes.io/managed-by: rotator</c>) in the
/// watched namespaces, so an idle refresh reads the target Secret from memory instead of the API server:
/// with a GET per refresh the client's rate limit, not the work, capped how many RotatingSecrets one
/// replica could refresh. Only labelled Secrets are cached, so unrelated Secrets cost no memory; a name
/// the cache does not hold (a Secret not created yet, or one we do not own) is read from the API server.
/// The same watch wakes a Secret's RotatingSecret when someone else edits or deletes the Secret, so a hand edit is
/// repaired in seconds, not at the next refresh.
/// </summary>
public sealed class ManagedSecretCache(IServiceProvider services, OperatorOptions options, TimeProvider time, ILoggerFactory loggerFactory) : IOperatorLoop, IStartGate
{
    private readonly Dictionary<string, Informer<V1Secret>> byNamespace = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<IReadOnlyList<Informer<V1Secret>>> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManagedSecretCompactor compactor = new();
    private Informer<V1Secret>? clusterWide;

    public string Name => "managed Secret cache";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: the client exists once the host has its configuration.
        var secrets = services.GetRequiredService<KubernetesApi>().For(ResourceTypes.Secrets);
        var logger = loggerFactory.CreateLogger("Rotator.Operator.Runtime.Informers.Informer<V1Secret>");
        var selector = MirrorLabels.ManagedBySelector;
        var owners = services.GetService<OwnerQueues>();
        var informers = new List<Informer<V1Secret>>();
        lock (byNamespace)
        {
            if (options.Namespaces.IsDefaultOrEmpty)
            {
                clusterWide = new Informer<V1Secret>(secrets, new InformerOptions { LabelSelector = selector }, time, logger, compactor);
                informers.Add(clusterWide);
            }
            else
            {
                foreach (var ns in options.Namespaces)
                {
                    var informer = new Informer<V1Secret>(secrets, new InformerOptions { Namespace = ns, LabelSelector = selector }, time, logger, compactor);
                    byNamespace[ns] = informer;
                    informers.Add(informer);
                }
            }
        }

        foreach (var informer in informers)
        {
            informer.AddHandler(change => WakeOwner(owners, change));
        }

        started.TrySetResult(informers);

        await Task.WhenAll(informers.Select(i => i.RunAsync(cancellationToken)));
    }

    /// <summary>
    /// The managed Secret <paramref name="ns"/>/<paramref name="name"/> as last seen by the watch; null when
    /// the cache has not synced or does not hold that name. The object is the watch's own: read it, do not
    /// change it (<see cref="SecretMirror"/> copies it before it edits and writes it back).
    /// </summary>
    public V1Secret? Get(string ns, string name) => InformerFor(ns) is { HasSynced: true } informer ? informer.Store.Get(ns, name) : null;

    /// <summary>Open once every watched namespace's managed Secrets are listed: the controllers wait for it (<see cref="IStartGate"/>).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var informers = await started.Task.WaitAsync(cancellationToken);
        await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(cancellationToken)));
    }

    /// <summary>Whether the cache has listed the managed Secrets of <paramref name="ns"/>, so a name it lacks is no managed Secret.</summary>
    public bool HasSynced(string ns) => InformerFor(ns) is { HasSynced: true };

    private Informer<V1Secret>? InformerFor(string ns)
    {
        lock (byNamespace)
        {
            return clusterWide ?? byNamespace.GetValueOrDefault(ns);
        }
    }

    private static void WakeOwner(OwnerQueues? owners, InformerEvent<V1Secret> change)
    {
        if (owners is null || change.FromRelist || !ChangedElsewhere(change))
        {
            return;
        }

        var secret = change.Item;
        var owner = secret.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true && r.Kind == RotatingSecretResource.Type.Kind);
        if (owner?.Name is { } name)
        {
            owners.Enqueue(RotatingSecretResource.Type.Kind, new ObjectKey(secret.Metadata.NamespaceProperty, name), WorkPriority.High);
        }
    }

    /// <summary>
    /// A deletion, or an edit that kept the version annotation: the operator's own writes of a new version change that
    /// annotation, so they do not send the owner round again. An edit of its own that keeps it (labels after a spec
    /// change) costs one reconcile that finds nothing to do.
    /// </summary>
    private static bool ChangedElsewhere(InformerEvent<V1Secret> change) => change.Kind switch
    {
        InformerEventKind.Deleted => true,
        InformerEventKind.Updated when change.Previous is { } before =>
            VersionOf(before) == VersionOf(change.Item) && before.Metadata.ResourceVersion != change.Item.Metadata.ResourceVersion,
        _ => false,
    };

    private static string? VersionOf(V1Secret secret) =>
        secret.Metadata.Annotations is { } annotations && annotations.TryGetValue(MirrorLabels.VersionId, out var version) ? version : null;
}
