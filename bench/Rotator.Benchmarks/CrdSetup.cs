using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Benchmarks;

/// <summary>Installs the operator's generated RotatingSecret CRD (idempotent) and waits until the API server serves it.</summary>
public static class CrdSetup
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task EnsureAsync(KubernetesClient client, ILogger logger, CancellationToken cancellationToken)
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
                await client.For(RotatingSecrets.Type).ListAsync(null, new ListOptions { Limit = 1 }, cancellationToken);
                return;
            }
            catch (NotFoundException)
            {
                GiveUpAfterPatience(waited, "the RotatingSecret endpoint to be served");
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static bool IsEstablished(GenericObject? crd)
    {
        if (crd?.Fields is null || !crd.Fields.TryGetValue("status", out var status)
            || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return conditions.EnumerateArray().Any(c =>
            c.TryGetProperty("type", out var type) && type.GetString() == "Established"
            && c.TryGetProperty("status", out var value) && value.GetString() == "True");
    }

    private static void GiveUpAfterPatience(Stopwatch waited, string what)
    {
        if (waited.Elapsed > Patience)
        {
            throw new TimeoutException($"gave up waiting for {what} after {waited.Elapsed}");
        }
    }
}
