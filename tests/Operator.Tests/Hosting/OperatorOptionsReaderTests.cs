using FluentAssertions;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Hosting;
using Rotator.Operator.Tests.Kubernetes.Config;

namespace Rotator.Operator.Tests.Hosting;

/// <summary>Where each setting comes from, and what happens to a wrong one.</summary>
public sealed class OperatorOptionsReaderTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Defaults_outside_a_cluster()
    {
        var options = Read([], new Dictionary<string, string>());

        options.LeaderElection.Should().BeTrue();
        options.LeaseNamespace.Should().Be("default");
        options.LeaseName.Should().Be("rotator-leader");
        options.Identity.Should().MatchRegex("^test-host_[0-9a-f]{8}$");
        options.Listen.Should().Be("http://127.0.0.1:8080", "outside a cluster the health port is not exposed to the network");
        options.Workers.Should().Be(2);
        options.Qps.Should().Be(20);
        options.Burst.Should().Be(40);
        options.LogFormat.Should().Be(LogFormat.Plain);
        options.Namespaces.Should().BeEmpty();
        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(15));
        options.Kubeconfig.Should().BeNull();
    }

    [Fact]
    public void Defaults_in_a_pod_come_from_the_downward_api_and_the_service_account_mount()
    {
        directory.Write("sa/namespace", "rotator-system\n");
        var inPod = Read([], new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["POD_NAME"] = "rotator-7d9f-abcde" });

        inPod.LeaseNamespace.Should().Be("rotator-system");
        inPod.Identity.Should().MatchRegex("^rotator-7d9f-abcde_[0-9a-f]{8}$");
        inPod.Listen.Should().Be("http://0.0.0.0:8080", "the kubelet probes the pod's IP");

        var withNamespace = Read([], new Dictionary<string, string> { ["POD_NAMESPACE"] = "ops" });
        withNamespace.LeaseNamespace.Should().Be("ops", "POD_NAMESPACE wins over the mounted file");
    }

    [Fact]
    public void Two_starts_of_the_same_pod_are_different_candidates()
    {
        var variables = new Dictionary<string, string> { ["POD_NAME"] = "rotator-0" };
        Read([], variables).Identity.Should().NotBe(Read([], variables).Identity);
    }

    [Fact]
    public void Command_line_beats_environment_beats_config_file()
    {
        var file = directory.Write("rotator.json", """
            {
              "Workers": 3,
              "Qps": 7.5,
              "LeaseName": "from-file",
              "Namespaces": [ "team-a", "team-b" ],
              "LogFormat": "json",
              "Logging": { "LogLevel": { "Rotator": "Debug" } }
            }
            """);

        var options = Read(
            ["--config", file, "--workers", "5", "--lease-duration=30s", "--RenewDeadline", "20s"],
            new Dictionary<string, string> { ["ROTATOR_Workers"] = "4", ["ROTATOR_LEASENAME"] = "from-env", ["ROTATOR_Burst"] = "9" });

        options.Workers.Should().Be(5);
        options.LeaseName.Should().Be("from-env");
        options.Burst.Should().Be(9);
        options.Qps.Should().Be(7.5);
        options.Namespaces.Should().Equal("team-a", "team-b");
        options.LogFormat.Should().Be(LogFormat.Json);
        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(30));
        options.RenewDeadline.Should().Be(TimeSpan.FromSeconds(20));
        options.ConfigFile.Should().Be(file);
    }

    [Fact]
    public void The_config_file_can_be_named_by_the_environment_and_namespaces_by_a_comma_list()
    {
        var file = directory.Write("rotator.json", """{ "LeaderElection": false }""");

        var options = Read([], new Dictionary<string, string> { ["ROTATOR_Config"] = file, ["ROTATOR_Namespaces"] = "a, b ,a" });

        options.LeaderElection.Should().BeFalse();
        options.Namespaces.Should().Equal("a", "b");
    }

    [Fact]
    public void Unknown_rotator_variables_are_ignored_because_kubernetes_injects_service_links()
    {
        var options = Read([], new Dictionary<string, string>
        {
            ["ROTATOR_SERVICE_HOST"] = "10.0.0.2",
            ["ROTATOR_PORT"] = "tcp://10.0.0.2:8080",
            ["ROTATOR_PORT_8080_TCP_ADDR"] = "10.0.0.2",
        });

        options.Listen.Should().Be("http://127.0.0.1:8080");
    }

    [Theory]
    [InlineData(new[] { "--leader-election", "false" }, "unknown setting(s) 'leader-election' on the command line")]
    [InlineData(new[] { "--workers", "many" }, "Workers: 'many' is not a whole number")]
    [InlineData(new[] { "--workers", "0" }, "Workers must be at least 1")]
    [InlineData(new[] { "--leader-elect", "maybe" }, "LeaderElection: 'maybe' is not true or false")]
    [InlineData(new[] { "--log-format", "xml" }, "LogFormat: 'xml' is not json or plain")]
    [InlineData(new[] { "--lease-duration", "15" }, "LeaseDuration: '15' is not a duration")]
    [InlineData(new[] { "--lease-duration", "5s" }, "must be longer than RenewDeadline")]
    [InlineData(new[] { "--namespaces", "Team_A" }, "'Team_A' is not a namespace name")]
    [InlineData(new[] { "--listen", "127.0.0.1:8080" }, "Listen must be an http:// or https:// address")]
    [InlineData(new[] { "--config", "/nonexistent/rotator.json" }, "config file /nonexistent/rotator.json does not exist")]
    [InlineData(new[] { "--refresh-interval", "9s" }, "RefreshInterval must be at least 10s")]
    [InlineData(new[] { "--refresh-interval", "9999ms" }, "RefreshInterval must be at least 10s")]
    [InlineData(new[] { "--refresh-interval", "often" }, "RefreshInterval: 'often' is not a duration")]
    [InlineData(new[] { "--take-over-pending-after", "1d" }, "TakeOverPendingAfter: '1d' is not a duration")]
    [InlineData(new[] { "--take-over-pending-after", "0s" }, "TakeOverPendingAfter: '0s' is not a duration")]
    [InlineData(new[] { "--max-rotation-attempts", "0" }, "MaxRotationAttempts must be at least 1")]
    [InlineData(new[] { "--max-rotation-attempts", "three" }, "MaxRotationAttempts: 'three' is not a whole number")]
    public void Rejects_a_wrong_setting_with_its_name(string[] args, string message)
    {
        var read = () => Read(args, new Dictionary<string, string>());

        read.Should().Throw<OperatorConfigurationException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Rejects_a_config_file_that_is_not_json_or_has_unknown_keys()
    {
        var broken = directory.Write("broken.json", "{ Workers: ");
        var typo = directory.Write("typo.json", """{ "Wrokers": 3 }""");

        var readBroken = () => Read(["--config", broken], new Dictionary<string, string>());
        var readTypo = () => Read(["--config", typo], new Dictionary<string, string>());

        readBroken.Should().Throw<OperatorConfigurationException>().Which.Message.Should().Contain("is not valid JSON");
        readTypo.Should().Throw<OperatorConfigurationException>().Which.Message.Should().Contain("'Wrokers' in config file");
    }

    [Fact]
    public void Rotation_settings_default_to_five_minutes_five_attempts_and_never_taking_over()
    {
        var options = Read([], new Dictionary<string, string>());

        options.RefreshInterval.Should().Be(TimeSpan.FromMinutes(5));
        options.MaxRotationAttempts.Should().Be(5);
        options.TakeOverPendingAfter.Should().BeNull("a pending rotation started elsewhere is left alone unless the admin says otherwise");
    }

    [Fact]
    public void Rotation_settings_reach_the_rotating_secret_controller()
    {
        var options = Read(
            ["--refresh-interval", "10s", "--take-over-pending-after", "24h", "--mysql-ca-file", "/etc/rotator-mysql-ca/ca.crt", "--postgresql-ca-file", "/etc/rotator-postgresql-ca/ca.crt", "--ldap-ca-file", "/etc/rotator-ldap-ca/ca.crt"],
            new Dictionary<string, string> { ["ROTATOR_MaxRotationAttempts"] = "3" });

        var controller = RotatingSecretOptions.From(options);

        controller.RefreshInterval.Should().Be(TimeSpan.FromSeconds(10), "10s is the shortest interval allowed");
        controller.TakeOverPendingAfter.Should().Be(TimeSpan.FromHours(24));
        controller.MaxRotationAttempts.Should().Be(3);
        controller.CaFiles.Should().Be(new OperatorCaFiles("/etc/rotator-mysql-ca/ca.crt", "/etc/rotator-postgresql-ca/ca.crt", "/etc/rotator-ldap-ca/ca.crt"));
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:15", 15_000)]
    public void Durations_read_like_kubernetes_flags(string text, int milliseconds)
    {
        OperatorOptionsReader.ParseDuration(text).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    private OperatorOptions Read(string[] args, Dictionary<string, string> variables)
    {
        var environment = OperatorEnvironment.Of(variables, Path.Combine(directory.Path, "sa"));
        return OperatorOptionsReader.Read(OperatorOptionsReader.BuildConfiguration(args, environment), environment);
    }
}
