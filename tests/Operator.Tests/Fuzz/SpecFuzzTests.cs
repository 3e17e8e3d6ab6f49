using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Testbed;
using Rotator.Testbed;
using Rotator.Testbed.Fuzz;

namespace Rotator.Operator.Tests.Fuzz;

/// <summary>
/// Fuzzed RotatingSecret manifests (<see cref="SpecFuzzer"/>). In process: deserialising gives a resource or a
/// <see cref="JsonException"/> (a field of the wrong JSON type), and <see cref="SpecResolver"/> gives a resolved spec
/// (whose schedule can be evaluated) or an <see cref="InvalidSpecException"/> with a message, which the operator
/// reports as InvalidSpec; nothing else, nothing that hangs. Against the test bed's real API server (dryRun=All): the
/// CRD schema refuses with a 400/422 that says why, or accepts, and then the operator's own checks hold as above.
/// </summary>
public sealed class SpecFuzzTests(TestbedFixture testbed)
{
    private const int CiCases = 300;
    private const int CiApiServerCases = 8;

    public static TheoryData<int> Seeds() => [.. FuzzRun.Seeds()];

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Specs_resolve_or_are_refused_as_InvalidSpec(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random =>
        {
            var manifest = new SpecFuzzer(random).Next(random.Next(1, 6));
            string json;
            try
            {
                json = manifest.ToJsonString();
            }
            catch (ArgumentException)
            {
                return;
            }

            RotatingSecret? resource;
            try
            {
                resource = JsonSerializer.Deserialize(json, ResourcesJsonContext.Default.RotatingSecret);
            }
            catch (JsonException)
            {
                // A field of the wrong JSON type: the API server's schema refuses these before the operator sees them.
                return;
            }
            catch (Exception e) when (e is not FuzzViolationException)
            {
                throw new FuzzViolationException($"deserialising threw {e.GetType().FullName}\n{e.StackTrace}");
            }

            Resolve(resource!, random);
        });

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task The_api_server_refuses_with_a_reason_or_accepts_what_the_operator_can_judge(int seed)
    {
        var kube = testbed.Kube;
        var ct = TestContext.Current.CancellationToken;
        await CrdInstaller.EnsureAsync(kube, ct);
        using var http = KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        var ns = $"fuzz-{Guid.NewGuid():N}"[..18];
        await PostAsync(http, "/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, ct);
        var answers = new Dictionary<int, int>();
        try
        {
            await FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiApiServerCases), async random =>
            {
                // One or two mutations: near-valid manifests, so the schema accepts some and the operator judges those.
                var manifest = new SpecFuzzer(random).Next(random.Next(1, 3));
                var metadata = new JsonObject { ["name"] = "fuzz", ["namespace"] = ns };
                manifest["metadata"] = metadata;
                var (status, body) = await PostAsync(http, $"/apis/rotator.io/v1alpha1/namespaces/{ns}/rotatingsecrets?dryRun=All", manifest, ct);
                lock (answers)
                {
                    answers[status] = answers.GetValueOrDefault(status) + 1;
                }

                if (status is (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.UnprocessableEntity)
                {
                    var message = (string?)body?["message"];
                    if (string.IsNullOrWhiteSpace(message) || (string?)body?["kind"] != "Status")
                    {
                        throw new FuzzViolationException($"refused with {status} but no Status message saying why");
                    }

                    return;
                }

                if (status != (int)HttpStatusCode.Created || body is null)
                {
                    throw new FuzzViolationException($"answered {status}; expected 201 or a 400/422 refusal");
                }

                // Accepted: what the operator would read must deserialise and resolve (or be reported as InvalidSpec).
                var resource = JsonSerializer.Deserialize(body.ToJsonString(), ResourcesJsonContext.Default.RotatingSecret)
                    ?? throw new FuzzViolationException("accepted but read back as null");
                Resolve(resource, random);
            });
        }
        finally
        {
            using var _ = await http.DeleteAsync(new Uri($"/api/v1/namespaces/{ns}", UriKind.Relative), CancellationToken.None);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: answers by status {string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}x{a.Value}"))}");
        Assert.True(answers.GetValueOrDefault((int)HttpStatusCode.Created) > 0, "some near-valid manifests are accepted, so the operator's side is exercised");
    }

    private static void Resolve(RotatingSecret resource, Random random)
    {
        try
        {
            var spec = SpecResolver.Resolve(resource, TimeSpan.FromMinutes(5));
            if (spec.RefreshInterval < SpecResolver.MinRefreshInterval || !Enum.IsDefined(spec.Strategy) || string.IsNullOrEmpty(spec.SecretId))
            {
                throw new FuzzViolationException($"resolved a spec the operator cannot act on (strategy {(int)spec.Strategy}, refresh {spec.RefreshInterval})");
            }

            // The schedule of a resolved spec is evaluated every reconcile, from any point in its life.
            var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 365 * 5));
            RotationTrigger.Decide(resource, spec, now.AddDays(-random.Next(0, 2000)), now);
        }
        catch (InvalidSpecException e)
        {
            if (string.IsNullOrWhiteSpace(e.Message) || !e.Message.Contains("spec", StringComparison.Ordinal))
            {
                throw new FuzzViolationException("InvalidSpecException whose message names no field");
            }
        }
        catch (Exception e) when (e is not FuzzViolationException)
        {
            throw new FuzzViolationException($"SpecResolver/RotationTrigger threw {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        }
    }

    private static async Task<(int Status, JsonObject? Body)> PostAsync(HttpClient http, string path, JsonObject body, CancellationToken ct)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : null);
    }
}
