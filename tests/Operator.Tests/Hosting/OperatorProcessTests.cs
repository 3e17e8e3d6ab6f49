using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Hosting;

/// <summary>
/// The built <c>rotator.dll</c> as its own process: real exit codes, real SIGTERM, real environment.
/// </summary>
public sealed class OperatorProcessTests(TestbedFixture testbed)
{
    private static string Rotator => Path.Combine(AppContext.BaseDirectory, "rotator.dll");

    [Fact]
    public async Task Exits_with_code_1_and_the_reason_when_the_api_server_does_not_answer()
    {
        using var directory = new Kubernetes.Config.TempDirectory();
        var port = FreePort();
        var kubeconfig = Path.Combine(directory.Path, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: nowhere
              cluster:
                server: https://127.0.0.1:{port}
                insecure-skip-tls-verify: true
            users:
            - name: someone
              user:
                token: not-a-real-token
            contexts:
            - name: nowhere
              context:
                cluster: nowhere
                user: someone
            current-context: nowhere
            """, TestContext.Current.CancellationToken);

        var result = await ProcessRunner.RunAsync("dotnet", [Rotator, "--kubeconfig", kubeconfig, "--listen", "http://127.0.0.1:0"], TimeSpan.FromSeconds(90), cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(1, result.StandardOutput + result.StandardError);
        result.StandardOutput.Should().Contain("cannot use the Kubernetes API server").And.Contain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task Exits_with_code_2_on_an_invalid_setting()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", [Rotator, "--workers", "0"], TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["ROTATOR_LogFormat"] = "json" }, cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(2);
        result.StandardError.Should().Contain("Workers must be at least 1");
    }

    [Fact]
    public async Task Serves_readiness_then_releases_its_lease_and_exits_0_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("process");
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);

        // The operator watches RotatingSecrets, so their CRD must exist; and it watches only this namespace,
        // so it never reconciles what other tests' operators own.
        await CrdInstaller.EnsureAsync(testbed.Kube, ct);
        var port = FreePort();
        var output = new StringBuilder();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                // The in-cluster conventions, as the Deployment sets them.
                ["POD_NAMESPACE"] = ns,
                ["POD_NAME"] = "rotator-0",
                ["ROTATOR_Kubeconfig"] = testbed.Kube.AdminKubeconfig,
                ["ROTATOR_Listen"] = $"http://127.0.0.1:{port}",
                ["ROTATOR_Namespaces"] = ns,
            },
        };
        info.ArgumentList.Add(Rotator);
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var body = "";
            await Eventually.HoldsAsync(
                async () =>
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
                        body = await response.Content.ReadAsStringAsync(ct);
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(60),
                "the process becomes ready");
            body.Should().StartWith("ok: leader (rotator-0_", "the identity is POD_NAME plus a random suffix");
            var lease = await admin.For(ResourceTypes.Leases).GetAsync(ns, "rotator-leader", ct);
            lease!.Spec!.HolderIdentity.Should().StartWith("rotator-0_", "the Lease lives in POD_NAMESPACE");

            var kill = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken: ct);
            kill.EnsureSuccess("kill -TERM");
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

            process.ExitCode.Should().Be(0, output.ToString());
            (await admin.For(ResourceTypes.Leases).GetAsync(ns, "rotator-leader", ct))!.Spec!.HolderIdentity.Should().BeNullOrEmpty("SIGTERM is a graceful stop that releases the lease");
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
