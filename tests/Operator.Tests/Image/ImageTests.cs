using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Metrics;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Image;

/// <summary>
/// The container image without a docker engine: the Dockerfile's build stage (its COPY lines, with
/// .dockerignore, and its RUN line) is run into a scratch folder, and the result is started as the
/// runtime stage would start it: its ENTRYPOINT and ENV, as its USER when the test runs as root, from a
/// read-only folder with HOME at / and only TMPDIR writable (the chart's read-only root file system
/// with an emptyDir on /tmp). It must become ready against the test bed's API server, lead, and write
/// nothing but into TMPDIR.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ImageTests(TestbedFixture testbed)
{
    private const string ImageAppDirectory = "/app";

    [Fact]
    public async Task Published_build_stage_runs_read_only_as_the_image_user_and_becomes_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        var kube = testbed.Kube;
        var stages = DockerfileStage.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "Dockerfile"), ct));
        stages.Select(s => s.Name).Should().Equal("build", "runtime");
        var (build, runtime) = (stages[0], stages[1]);
        runtime.BaseImage.Should().EndWith("-chiseled", "the runtime image has no shell and no package manager");
        runtime.Single("WORKDIR").Should().Be(ImageAppDirectory);
        runtime.Single("COPY").Should().Be($"--from=build {ImageAppDirectory} ./", "the image's /app is exactly the build stage's publish output");
        var user = runtime.Single("USER");
        int.Parse(user, CultureInfo.InvariantCulture).Should().BePositive("the image runs as a numeric non-root user, which runAsNonRoot can verify");

        var root = Directory.CreateTempSubdirectory("rotator-image-test.");
        try
        {
            // Others (the image user) must reach the published folder and the writable TMPDIR below.
            File.SetUnixFileMode(root.FullName, (UnixFileMode)0b111_101_101);
            var context = Path.Combine(root.FullName, "context");
            var published = Path.Combine(root.FullName, "app");
            var tmp = Path.Combine(root.FullName, "tmp");
            Directory.CreateDirectory(tmp);
            File.SetUnixFileMode(tmp, (UnixFileMode)0b1_111_111_111);

            CopyBuildContext(build, context);
            var run = build.Single("RUN");
            run.Should().EndWith($" {ImageAppDirectory}", "the build stage publishes into the folder the runtime stage copies");
            var command = run[..^ImageAppDirectory.Length] + published;
            var stopwatch = Stopwatch.StartNew();
            var publish = await ProcessRunner.RunAsync("bash", ["-c", $"cd '{context}' && {command}"], TimeSpan.FromMinutes(15), cancellationToken: ct);
            publish.ExitCode.Should().Be(0, $"`{command}` must succeed: {publish.StandardOutput}{publish.StandardError}");
            var files = Directory.GetFiles(published, "*", SearchOption.AllDirectories);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"published: {bytes / 1024.0 / 1024.0:F1} MiB in {files.Length} files ({bytes} bytes), `{command}` took {stopwatch.Elapsed.TotalSeconds:F0} s");

            await RunReadOnlyAsync(runtime, user, published, tmp, kube, ct);
        }
        finally
        {
            // Published files were made read-only; the owner (this process) may make them writable again to delete them.
            await ProcessRunner.RunAsync("chmod", ["-R", "u+w", root.FullName], TimeSpan.FromSeconds(30), cancellationToken: CancellationToken.None);
            root.Delete(recursive: true);
        }
    }

    private static async Task RunReadOnlyAsync(DockerfileStage runtime, string user, string published, string tmp, KubeServer kube, CancellationToken ct)
    {
        using var admin = TestClients.Admin(kube);
        var ns = TestClients.UniqueName("image");
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        await CrdInstaller.EnsureAsync(kube, ct);

        // The kubeconfig stands in for the service account token the pod would mount; readable by the image user.
        var kubeconfig = Path.Combine(tmp, "kubeconfig");
        File.Copy(kube.AdminKubeconfig, kubeconfig);
        File.SetUnixFileMode(kubeconfig, (UnixFileMode)0b110_100_100);
        var before = Listing(published);
        var check = await ProcessRunner.RunAsync("chmod", ["-R", "a-w", published], TimeSpan.FromSeconds(30), cancellationToken: ct);
        check.EnsureSuccess("chmod -R a-w");

        var entrypoint = JsonSerializer.Deserialize<string[]>(runtime.Single("ENTRYPOINT"))!;
        entrypoint.Should().ContainSingle().Which.Should().StartWith(ImageAppDirectory + "/", "the exec form, with the apphost from the publish output");
        var apphost = Path.Combine(published, entrypoint[0][(ImageAppDirectory.Length + 1)..]);
        var port = FreePort();

        // The image's environment and nothing of ours but PATH (and DOTNET_ROOT when the SDK is not in a
        // default place): HOME is / as for a user without a passwd entry, read-only like the rest.
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = published,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            info.Environment["DOTNET_ROOT"] = dotnetRoot;
        }

        foreach (var (key, value) in runtime.Environment())
        {
            info.Environment[key] = value;
        }

        info.Environment["HOME"] = "/";
        info.Environment["TMPDIR"] = tmp;
        info.Environment["POD_NAMESPACE"] = ns;
        info.Environment["POD_NAME"] = "rotator-0";
        info.Environment["ROTATOR_Kubeconfig"] = kubeconfig;
        info.Environment["ROTATOR_Namespaces"] = ns;

        // The image listens on 0.0.0.0:8080; a test must not take a fixed port on every interface.
        info.Environment["ROTATOR_Listen"] = $"http://127.0.0.1:{port}";
        if (System.Environment.IsPrivilegedProcess)
        {
            // As root, file modes do not stop writes: drop to the image's user, as the container runtime does.
            info.FileName = "setpriv";
            foreach (var argument in new[] { $"--reuid={user}", $"--regid={user}", "--clear-groups", "--", apphost })
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = apphost;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        var started = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.HoldsAsync(async () => (await GetAsync(http, "/healthz", ct)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "/healthz answers");
            var ready = (Status: HttpStatusCode.ServiceUnavailable, Body: "");
            await Eventually.HoldsAsync(async () => (ready = await GetAsync(http, "/readyz", ct)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the published operator becomes ready");
            TestContext.Current.TestOutputHelper?.WriteLine($"start to ready: {started.Elapsed.TotalSeconds:F1} s");
            ready.Body.Should().StartWith("ok: leader (rotator-0_");
            ExpositionParser.Parse((await GetAsync(http, "/metrics", ct)).Body).Value("rotator_leader").Should().Be(1);

            var kill = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken: ct);
            kill.EnsureSuccess("kill -TERM");
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            process.ExitCode.Should().Be(0, output.ToString());

            Listing(published).Should().Equal(before, "nothing is written next to the binary");
            var written = Directory.GetFileSystemEntries(tmp, "*", SearchOption.AllDirectories).Where(p => p != kubeconfig).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine($"left in TMPDIR after the stop (the runtime's diagnostics socket goes with the process): {(written.Count == 0 ? "nothing" : string.Join(", ", written.Select(Path.GetFileName)))}");
            output.ToString().Should().NotContainAny(["Read-only file system", "Permission denied", "UnauthorizedAccessException", "Access to the path"]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
            await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        }
    }

    /// <summary>
    /// Copies what the build stage's COPY lines name (relative to the repository, as the build context)
    /// into <paramref name="context"/> below its WORKDIR, leaving out what .dockerignore excludes.
    /// </summary>
    private static void CopyBuildContext(DockerfileStage build, string context)
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        ignored.Should().OnlyContain(l => l.StartsWith("**/", StringComparison.Ordinal) && l.EndsWith('/') && l.Count(c => c == '/') == 2, "the test understands only `**/folder/` patterns");
        var excluded = ignored.Select(l => l[3..^1]).ToHashSet(StringComparer.Ordinal);

        build.Single("WORKDIR").Should().StartWith("/");
        foreach (var copy in build.All("COPY"))
        {
            var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            words.Should().NotContain(w => w.StartsWith("--", StringComparison.Ordinal), "the build stage copies from the context only");
            var destination = Path.Combine(context, words[^1]);
            foreach (var source in words[..^1])
            {
                var from = Path.Combine(RepositoryRoot.Path, source);
                if (Directory.Exists(from))
                {
                    CopyDirectory(from, destination, excluded);
                }
                else
                {
                    // A file goes into the destination folder when that ends in "/", as COPY does.
                    var target = words[^1].EndsWith('/') ? Path.Combine(destination, Path.GetFileName(source)) : destination;
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(from, target);
                }
            }
        }
    }

    private static void CopyDirectory(string from, string to, HashSet<string> excluded)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from).Where(d => !excluded.Contains(Path.GetFileName(d))))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)), excluded);
        }
    }

    private static List<string> Listing(string directory) =>
        [.. Directory.GetFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(p => $"{Path.GetRelativePath(directory, p)} {(File.Exists(p) ? new FileInfo(p).Length : -1)} {File.GetLastWriteTimeUtc(p).Ticks}")
            .Order(StringComparer.Ordinal)];

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException)
        {
            return (HttpStatusCode.ServiceUnavailable, "");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
