using System.Text.Json.Nodes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// Renders <c>charts/rotator</c> with <c>hack/helm-render</c> (our <c>helm template</c> stand-in; no helm
/// binary exists here). The renderer is built by the test bed's <c>helm</c> component; with <c>CI=true</c>
/// a renderer that cannot be built fails the test, elsewhere it is skipped with the reason.
/// </summary>
internal static class HelmChart
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? renderer;
    private static string? unavailable;

    public static string Directory => Path.Combine(RepositoryRoot.Path, "charts", "rotator");

    /// <summary>Renders with the given helm-style arguments (<c>--set</c>, <c>-f</c>, <c>--kube-version</c>, ...).</summary>
    public static async Task<Rendering> RenderAsync(params string[] arguments)
    {
        var binary = await RendererAsync();
        var result = await ProcessRunner.RunAsync(
            binary,
            ["-output", "json", "-release-name", "rotator", "-namespace", "rotator-system", .. arguments, Directory],
            TimeSpan.FromMinutes(1),
            cancellationToken: TestContext.Current.CancellationToken);
        return new Rendering(result.ExitCode, result.StandardError, result.ExitCode == 0 ? Parse(result.StandardOutput) : []);
    }

    /// <summary>Renders and fails the test with the renderer's message if that did not work.</summary>
    public static async Task<Rendering> RenderOkAsync(params string[] arguments)
    {
        var rendering = await RenderAsync(arguments);
        if (rendering.ExitCode != 0)
        {
            throw new InvalidOperationException($"helm-render {string.Join(' ', arguments)} failed: {rendering.Error}");
        }

        return rendering;
    }

    private static List<Manifest> Parse(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(e => new Manifest((string)e!["source"]!, e["object"]!.AsObject()))];

    private static async Task<string> RendererAsync()
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (renderer is null && unavailable is null)
            {
                // Builds on first use (cached by the hash of its source), so an edited main.go is what runs.
                var script = Path.Combine(RepositoryRoot.Path, "hack", "testbed", "helm.sh");
                var built = await ProcessRunner.RunAsync("bash", [script, "bin"], TimeSpan.FromMinutes(5));
                var path = built.StandardOutput.Trim();
                if (built.ExitCode == 0 && File.Exists(path))
                {
                    renderer = path;
                }
                else
                {
                    unavailable = $"hack/helm-render could not be built (run hack/testbed.sh install): {built.StandardError.Trim()}";
                }
            }
        }
        finally
        {
            Gate.Release();
        }

        if (renderer is not null)
        {
            return renderer;
        }

        if (!TestbedFixture.IsCi)
        {
            Assert.Skip(unavailable!);
        }

        throw new InvalidOperationException(unavailable);
    }
}

/// <summary>One rendered object and the template it came from.</summary>
internal sealed record Manifest(string Source, JsonObject Object)
{
    public string Kind => (string)Object["kind"]!;

    public string Name => (string)Object["metadata"]!["name"]!;

    public string? Namespace => (string?)Object["metadata"]!["namespace"];
}

/// <summary>The renderer's answer: exit code, standard error, and the manifests in install order.</summary>
internal sealed record Rendering(int ExitCode, string Error, IReadOnlyList<Manifest> Manifests)
{
    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    public Manifest Single(string kind) => Manifests.Single(m => m.Kind == kind);

    public JsonObject Deployment => Single("Deployment").Object;

    public JsonObject PodSpec => Deployment["spec"]!["template"]!["spec"]!.AsObject();

    public JsonObject Container => PodSpec["containers"]!.AsArray().Single()!.AsObject();

    public IReadOnlyList<string> Args => [.. Container["args"]!.AsArray().Select(a => (string)a!)];
}
