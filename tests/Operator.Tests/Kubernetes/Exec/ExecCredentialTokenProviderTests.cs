using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using Rotator.Kubernetes.Exec;
using Rotator.Operator.Tests.Kubernetes.Config;

namespace Rotator.Operator.Tests.Kubernetes.Exec;

public sealed class ExecCredentialTokenProviderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory temp = new();
    private readonly FakeTimeProvider time = new(Start);
    private readonly ExecPluginScript script;

    public ExecCredentialTokenProviderTests() => script = new ExecPluginScript(temp);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(ExecCredentialPlugin.V1)]
    [InlineData(ExecCredentialPlugin.V1Beta1)]
    public async Task Runs_the_plugin_with_args_env_and_exec_info_and_returns_its_token(string apiVersion)
    {
        var source = new ExecCredentialTokenProvider(
            script.Plugin(apiVersion, Start.AddMinutes(10)) with { Args = ["eks", "get-token", "--cluster-name", "a b"] }, time);

        (await source.GetTokenAsync(Ct)).Should().Be("token-1");

        script.Runs.Should().Be(1);
        script.Args(1).Should().Equal("eks", "get-token", "--cluster-name", "a b");
        using var info = JsonDocument.Parse(script.ExecInfo(1));
        info.RootElement.GetProperty("apiVersion").GetString().Should().Be(apiVersion);
        info.RootElement.GetProperty("kind").GetString().Should().Be("ExecCredential");
        info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean().Should().BeFalse();
        info.RootElement.GetProperty("spec").TryGetProperty("cluster", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Caches_the_token_until_30_seconds_before_expiry_then_runs_the_plugin_again()
    {
        var source = new ExecCredentialTokenProvider(script.Plugin(expiry: Start.AddMinutes(10)), time);

        (await source.GetTokenAsync(Ct)).Should().Be("token-1");
        time.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(29));
        (await source.GetTokenAsync(Ct)).Should().Be("token-1");
        script.Runs.Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(1));
        (await source.GetTokenAsync(Ct)).Should().Be("token-2");
        script.Runs.Should().Be(2);
    }

    [Fact]
    public async Task Invalidate_runs_the_plugin_again_before_expiry()
    {
        var source = new ExecCredentialTokenProvider(script.Plugin(expiry: Start.AddMinutes(10)), time);
        (await source.GetTokenAsync(Ct)).Should().Be("token-1");

        source.Invalidate();

        (await source.GetTokenAsync(Ct)).Should().Be("token-2");
        (await source.GetTokenAsync(Ct)).Should().Be("token-2");
        script.Runs.Should().Be(2);
    }

    [Fact]
    public async Task Token_without_expiry_is_kept_until_invalidated()
    {
        var source = new ExecCredentialTokenProvider(script.Plugin(), time);
        (await source.GetTokenAsync(Ct)).Should().Be("token-1");

        time.Advance(TimeSpan.FromDays(400));
        (await source.GetTokenAsync(Ct)).Should().Be("token-1");
        source.Invalidate();
        (await source.GetTokenAsync(Ct)).Should().Be("token-2");
    }

    [Fact]
    public async Task Short_lived_token_is_kept_for_half_its_life()
    {
        var source = new ExecCredentialTokenProvider(script.Plugin(expiry: Start.AddSeconds(20)), time);
        (await source.GetTokenAsync(Ct)).Should().Be("token-1");

        time.Advance(TimeSpan.FromSeconds(9));
        (await source.GetTokenAsync(Ct)).Should().Be("token-1");
        time.Advance(TimeSpan.FromSeconds(1));
        (await source.GetTokenAsync(Ct)).Should().Be("token-2");
    }

    [Fact]
    public async Task Concurrent_callers_share_one_plugin_run()
    {
        var source = new ExecCredentialTokenProvider(
            script.Plugin(extraEnv: new Dictionary<string, string> { ["PLUGIN_SLEEP"] = "0.5" }), time);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.GetTokenAsync(Ct).AsTask()));

        tokens.Should().AllBe("token-1");
        script.Runs.Should().Be(1);
    }

    [Fact]
    public async Task Failing_plugin_reports_its_exit_code_and_trimmed_stderr_and_is_retried_on_the_next_call()
    {
        var source = new ExecCredentialTokenProvider(
            script.Plugin(extraEnv: new Dictionary<string, string> { ["PLUGIN_FAIL"] = "  An error occurred (ExpiredToken): the SSO session has expired  " }), time);

        var error = await source.Invoking(s => s.GetTokenAsync(Ct).AsTask()).Should().ThrowAsync<ExecCredentialException>();

        error.Which.Message.Should().Be(
            $"exec plugin '{script.Path}' (test) failed with exit code 3: An error occurred (ExpiredToken): the SSO session has expired");
        await source.Invoking(s => s.GetTokenAsync(Ct).AsTask()).Should().ThrowAsync<ExecCredentialException>();
        script.Runs.Should().Be(2);
    }

    [Fact]
    public async Task Hung_plugin_is_killed_after_the_timeout()
    {
        var source = new ExecCredentialTokenProvider(
            script.Plugin(extraEnv: new Dictionary<string, string> { ["PLUGIN_SLEEP"] = "60" }), TimeProvider.System, TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var error = await source.Invoking(s => s.GetTokenAsync(Ct).AsTask()).Should().ThrowAsync<ExecCredentialException>();

        error.Which.Message.Should().StartWith($"exec plugin '{script.Path}' (test) did not finish within 1 s and was killed");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Answer_in_the_wrong_version_is_refused_without_quoting_the_token()
    {
        var source = new ExecCredentialTokenProvider(
            script.Plugin(tokens: "very-secret-token", extraEnv: new Dictionary<string, string> { ["PLUGIN_ANSWER_VERSION"] = "client.authentication.k8s.io/v1alpha1" }), time);

        var error = await source.Invoking(s => s.GetTokenAsync(Ct).AsTask()).Should().ThrowAsync<ExecCredentialException>();

        error.Which.Message.Should().Contain("answered with apiVersion 'client.authentication.k8s.io/v1alpha1' but was asked for 'client.authentication.k8s.io/v1'");
        error.Which.ToString().Should().NotContain("very-secret-token");
    }

    [Fact]
    public async Task Output_that_is_not_json_is_refused_without_quoting_it()
    {
        var path = temp.WriteExecutable("bad/plugin.sh", "#!/bin/sh\necho 'token: hunter2-secret'\n");
        var source = new ExecCredentialTokenProvider(new ExecCredentialPlugin { Command = path }, time);

        var error = await source.Invoking(s => s.GetTokenAsync(Ct).AsTask()).Should().ThrowAsync<ExecCredentialException>();

        error.Which.Message.Should().StartWith($"exec plugin '{path}' printed no valid ExecCredential JSON on stdout");
        error.Which.ToString().Should().NotContain("hunter2");
    }

    [Fact]
    public async Task Missing_command_is_reported_with_the_install_hint()
    {
        var source = new ExecCredentialTokenProvider(
            new ExecCredentialPlugin { Command = "rotator-no-such-plugin", InstallHint = "Install it with: apt-get install it", Origin = "user 'x' in /k" }, time);

        var error = await source.Invoking(s => s.GetTokenAsync(Ct).AsTask()).Should().ThrowAsync<ExecCredentialException>();

        error.Which.Message.Should().StartWith("exec plugin 'rotator-no-such-plugin' (user 'x' in /k) could not be started: ")
            .And.EndWith("\nInstall it with: apt-get install it");
    }

    [Fact]
    public async Task Cluster_info_is_passed_when_the_kubeconfig_asks_for_it()
    {
        var plugin = script.Plugin() with
        {
            Cluster = new ExecClusterInfo { Server = new Uri("https://kube.example:6443"), TlsServerName = "api", CertificateAuthorityData = "PEM"u8.ToArray() },
        };

        await new ExecCredentialTokenProvider(plugin, time).GetTokenAsync(Ct);

        using var info = JsonDocument.Parse(script.ExecInfo(1));
        var cluster = info.RootElement.GetProperty("spec").GetProperty("cluster");
        cluster.GetProperty("server").GetString().Should().Be("https://kube.example:6443");
        cluster.GetProperty("tls-server-name").GetString().Should().Be("api");
        cluster.GetProperty("certificate-authority-data").GetString().Should().Be(Convert.ToBase64String("PEM"u8.ToArray()));
    }

    [Fact]
    public void ToString_names_the_command_only()
    {
        var source = new ExecCredentialTokenProvider(script.Plugin(tokens: "secret") with { Args = ["--password", "pw"] }, time);

        source.ToString().Should().Be($"exec plugin '{script.Path}'");
        source.Plugin.ToString().Should().NotContain("secret").And.NotContain("pw");
    }
}
