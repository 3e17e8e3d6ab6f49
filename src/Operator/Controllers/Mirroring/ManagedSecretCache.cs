using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Hosting;
using k8s.Models;
using Rotator.Operator.Kubernetes;
using Rotator.Operator.Runtime.Informers;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// A watch of the Secrets this operator manages (label <c>app.kubernetes.io/managed-by: rotator</c>) in the
/// watched namespaces, so an idle refresh reads the target Secret from memory instead of the API server:
/// with a GET per refresh the client's rate limit, not the work, capped how many RotatingSecrets one
/// replica could refresh. Only labelled Secrets are cached, so unrelated Secrets cost no memory; a name
/// the cache does not hold (a Secret not created yet, or one we do not own) is read from the API server.
/// </summary>
public sealed class ManagedSecretCache(IServiceProvider services, OperatorOptions options, TimeProvider time, ILoggerFactory loggerFactory) : IOperatorLoop
{
    private readonly Dictionary<string, Informer<V1Secret>> byNamespace = new(StringComparer.Ordinal);
    private Informer<V1Secret>? clusterWide;

    public string Name => "managed Secret cache";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: the client exists once the host has its configuration.
        var secrets = services.GetRequiredService<KubernetesApi>().For(ResourceTypes.Secrets);
        var logger = loggerFactory.CreateLogger("Rotator.Operator.Runtime.Informers.Informer<V1Secret>");
        var selector = MirrorLabels.ManagedBySelector;
        var informers = new List<Informer<V1Secret>>();
        lock (byNamespace)
        {
            if (options.Namespaces.IsDefaultOrEmpty)
            {
                clusterWide = new Informer<V1Secret>(secrets, new InformerOptions { LabelSelector = selector }, time, logger);
                informers.Add(clusterWide);
            }
            else
            {
                foreach (var ns in options.Namespaces)
                {
                    var informer = new Informer<V1Secret>(secrets, new InformerOptions { Namespace = ns, LabelSelector = selector }, time, logger);
                    byNamespace[ns] = informer;
                    informers.Add(informer);
                }
            }
        }

        await Task.WhenAll(informers.Select(i => i.RunAsync(cancellationToken)));
    }

    /// <summary>
    /// The managed Secret <paramref name="ns"/>/<paramref name="name"/> as last seen by the watch; null when
    /// the cache has not synced or does not hold that name. The object is the watch's own: read it, do not
    /// change it (<see cref="SecretMirror"/> copies it before it edits and writes it back).
    /// </summary>
    public V1Secret? Get(string ns, string name)
    {
        Informer<V1Secret>? informer;
        lock (byNamespace)
        {
            informer = clusterWide ?? byNamespace.GetValueOrDefault(ns);
        }

        return informer is { HasSynced: true } ? informer.Store.Get(ns, name) : null;
    }
}
