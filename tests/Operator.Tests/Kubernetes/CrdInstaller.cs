using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rotator.CrdGen;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>Installs the checked-in RotatingSecret CRD on a test API server (idempotent) and waits until it is served.</summary>
internal static class CrdInstaller
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string CheckedInPath => Path.Combine(RepositoryRoot.Path, "config", "crds", CrdGenerator.FileName);

    public static async Task EnsureAsync(KubeServer kube, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            using var http = Testbed.KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
            var yaml = await File.ReadAllTextAsync(CheckedInPath, ct);
            using var content = new StringContent(yaml, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            using var created = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", content, ct);
            if (created.StatusCode == HttpStatusCode.Conflict)
            {
                // A test bed that outlives a checkout may serve an older schema, which would prune the fields
                // added since: replace it with the checked-in one (server-side apply takes the YAML as it is).
                using var applied = new StringContent(yaml, Encoding.UTF8);
                applied.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
                using var patched = await http.PatchAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rotatingsecrets.rotator.io?fieldManager=rotator-tests&force=true", applied, ct);
                if (!patched.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"updating the CRD answered {(int)patched.StatusCode}: {await patched.Content.ReadAsStringAsync(ct)}");
                }
            }
            else if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"installing the CRD answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}");
            }

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                using var got = await http.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rotatingsecrets.rotator.io", ct);
                var crd = JsonNode.Parse(await got.Content.ReadAsStringAsync(ct));
                if (crd?["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("RotatingSecret CRD not established within 60 s");
                }

                await Task.Delay(200, ct);
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
