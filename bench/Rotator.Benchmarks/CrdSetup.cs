using System.Diagnostics;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Benchmarks;

/// <summary>Installs the operator's generated RotatingSecret CRD (idempotent) and waits until the API server serves it.</summary>
public static class CrdSetup
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task EnsureAsync(KubernetesApi client, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var crds = client.For(ResourceTypes.CustomResourceDefinitions);
        try
        {
            await crds.CreateAsync(null, RotatingSecrets.Crd(), cancellationToken);
            logger.LogInformation("Created CRD {Crd}", RotatingSecrets.CrdName);
        }
        catch (AlreadyExistsException)
        {
            // A previous run (or the real CRD) put it there.
        }

        var waited = Stopwatch.StartNew();
        while (!IsEstablished(await crds.GetAsync(null, RotatingSecrets.CrdName, cancellationToken)))
        {
            GiveUpAfterPatience(waited, "the CRD to be established");
            await Task.Delay(200, cancellationToken);
        }

        // The resource's endpoint may answer 404 for a moment after the condition turns true.
        while (true)
        {
            try
            {
                await client.For(RotatingSecretResource.Type).ListAsync(null, new ListOptions { Limit = 1 }, cancellationToken);
                return;
            }
            catch (NotFoundException)
            {
                GiveUpAfterPatience(waited, "the RotatingSecret endpoint to be served");
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static bool IsEstablished(V1CustomResourceDefinition? crd) =>
        crd?.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;

    private static void GiveUpAfterPatience(Stopwatch waited, string what)
    {
        if (waited.Elapsed > Patience)
        {
            throw new TimeoutException($"gave up waiting for {what} after {waited.Elapsed}");
        }
    }
}
