using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Operator.Hosting;
using Rotator.Operator.Tests.Kubernetes.Config;
using Rotator.Operator.Tests.Metrics;
using Rotator.Rotation.Aws.Endpoints;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// What users of the chart rely on, read from its rendered manifests: the defaults, and a matrix of
/// the options people change (namespaced RBAC, monitoring, templated CRDs, IRSA, scheduling). Flags and
/// the config file are fed to the operator's own <see cref="OperatorOptionsReader"/>, so "the value
/// reaches the operator" means the operator reads it, not that some string appears.
/// </summary>
public sealed partial class ChartRenderTests : IDisposable
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/rotator";

    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Defaults_run_two_leader_elected_replicas_under_restricted_pod_security()
    {
        var r = await HelmChart.RenderOkAsync();

        r.Deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
        r.Args.Should().Contain("--leader-elect=true");
        var pod = r.PodSpec;
        pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
        pod["enableServiceLinks"]!.GetValue<bool>().Should().BeFalse("ROTATOR_* service variables must not reach the operator's settings");
        var security = r.Container["securityContext"]!;
        security["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        security["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        security["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!).Should().Equal("ALL");
        security["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");

        // A read-only root needs a writable /tmp, and it must be an emptyDir, not the node's disk.
        var tmp = r.Container["volumeMounts"]!.AsArray().Single(m => (string)m!["mountPath"]! == "/tmp")!;
        pod["volumes"]!.AsArray().Single(v => (string)v!["name"]! == (string)tmp["name"]!)!["emptyDir"].Should().NotBeNull();

        r.Container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/healthz");
        r.Container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/readyz");
        r.Container["livenessProbe"]!["httpGet"]!["port"]!.GetValue<string>().Should().Be("http-metrics");
        r.Container["ports"]!.AsArray().Single()!["containerPort"]!.GetValue<int>().Should().Be(8080);
        r.Container["command"].Should().BeNull("the image's entrypoint is the operator; the chart only adds arguments");
        r.Container["resources"]!["requests"]!["memory"].Should().NotBeNull();

        var selector = r.Deployment["spec"]!["selector"]!["matchLabels"]!.ToJsonString();
        var spread = pod["topologySpreadConstraints"]!.AsArray().Single()!;
        spread["topologyKey"]!.GetValue<string>().Should().Be("kubernetes.io/hostname");
        spread["labelSelector"]!["matchLabels"]!.ToJsonString().Should().Be(selector);

        var pdb = r.Single("PodDisruptionBudget").Object;
        pdb["apiVersion"]!.GetValue<string>().Should().Be("policy/v1");
        pdb["spec"]!["maxUnavailable"]!.GetValue<int>().Should().Be(1);
        pdb["spec"]!["selector"]!["matchLabels"]!.ToJsonString().Should().Be(selector);

        var service = r.Single("Service").Object;
        service["spec"]!["selector"]!.ToJsonString().Should().Be(selector);
        service["spec"]!["ports"]!.AsArray().Single()!["targetPort"]!.GetValue<string>().Should().Be("http-metrics");

        r.Single("ServiceAccount").Name.Should().Be((string)pod["serviceAccountName"]!);
        r.OfKind("ServiceMonitor").Should().BeEmpty();
        r.OfKind("PrometheusRule").Should().BeEmpty();
        r.OfKind("CustomResourceDefinition").Should().BeEmpty("the CRD ships in crds/, which Helm installs itself");
    }

    [Fact]
    public async Task Default_settings_reach_the_operator_as_documented()
    {
        var r = await HelmChart.RenderOkAsync();

        var options = OperatorSees(r);

        options.LeaderElection.Should().BeTrue();
        options.LeaseName.Should().Be("rotator-leader");
        options.LeaseNamespace.Should().Be("rotator-system", "the Lease lives in the release namespace, where the leader-election Role is");
        options.Identity.Should().StartWith("rotator-abc12_");
        options.Listen.Should().Be("http://0.0.0.0:8080");
        options.Namespaces.Should().BeEmpty();
        options.LogFormat.Should().Be(LogFormat.Json);
        options.Workers.Should().Be(2);
        options.RefreshInterval.Should().Be(TimeSpan.FromMinutes(5));
        options.MaxRotationAttempts.Should().Be(5);
        options.TakeOverPendingAfter.Should().BeNull();
        options.Tenancy.Should().BeEmpty();
    }

    [Fact]
    public async Task Operator_values_reach_the_operator()
    {
        var r = await HelmChart.RenderOkAsync(
            "--set", "watchNamespaces={shop,payments}",
            "--set", "operator.logFormat=plain,operator.workers=4,operator.burst=9",
            // --set types integers only (as Helm's does): a fractional number needs --set-json or -f.
            "--set-json", "operator.qps=7.5",
            "--set", "operator.refreshInterval=90s,operator.maxRotationAttempts=3,operator.takeOverPendingAfter=24h",
            "--set", "leaderElection.leaseName=custom-lease,leaderElection.leaseDuration=30s",
            "--set-json", """operator.tenancy={"*":["{namespace}/*"],"payments":["payments/*","shared/payments-*"]}""",
            "--set", "operator.logLevels.Rotator=Debug");

        var options = OperatorSees(r);

        options.Namespaces.Should().Equal("shop", "payments");
        options.LogFormat.Should().Be(LogFormat.Plain);
        options.Workers.Should().Be(4);
        options.Qps.Should().Be(7.5);
        options.Burst.Should().Be(9);
        options.RefreshInterval.Should().Be(TimeSpan.FromSeconds(90));
        options.MaxRotationAttempts.Should().Be(3);
        options.TakeOverPendingAfter.Should().Be(TimeSpan.FromHours(24));
        options.LeaseName.Should().Be("custom-lease");
        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(30));
        options.Tenancy.Keys.Should().BeEquivalentTo("*", "payments");
        options.Tenancy["payments"].Should().Equal("payments/*", "shared/payments-*");
        var configuration = OperatorOptionsReader.BuildConfiguration(OperatorArgs(r), Environment(r));
        configuration["Logging:LogLevel:Rotator"].Should().Be("Debug");
    }

    [Fact]
    public async Task A_changed_config_file_restarts_the_pods()
    {
        var before = await HelmChart.RenderOkAsync();
        var after = await HelmChart.RenderOkAsync("--set-json", """operator.tenancy={"platform":["*"]}""");

        Checksum(after).Should().NotBe(Checksum(before), "the operator reads its config file once, at start");
    }

    [Fact]
    public async Task Aws_values_become_the_standard_aws_environment()
    {
        var r = await HelmChart.RenderOkAsync(
            "--set", "aws.region=eu-west-1,aws.useFipsEndpoint=true",
            "--set", "aws.endpoints.secretsManager=https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com",
            "--set", "aws.endpoints.sts=https://sts.eu-west-1.amazonaws.com");

        var env = Environment(r);
        var settings = AwsEndpointSettings.FromEnvironment(getVariable: env.Variable);

        settings.Region.Should().Be("eu-west-1");
        settings.UseFips.Should().BeTrue();
        settings.ServiceEndpointUrls[AwsService.SecretsManager].Host.Should().Be("vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com");
        settings.ServiceEndpointUrls[AwsService.Sts].Host.Should().Be("sts.eu-west-1.amazonaws.com");
        settings.ServiceEndpointUrls.Should().NotContainKey(AwsService.DirectoryService);
        settings.EndpointUrl.Should().BeNull();
    }

    [Fact]
    public async Task Cluster_scope_binds_exactly_the_rules_of_config_rbac()
    {
        var r = await HelmChart.RenderOkAsync();

        var role = r.Single("ClusterRole");
        RbacRules.Of(role.Object).Should().Equal(RbacRules.Operator);
        var binding = r.Single("ClusterRoleBinding").Object;
        binding["roleRef"]!["name"]!.GetValue<string>().Should().Be(role.Name);
        BoundTo(binding).Should().Be($"ServiceAccount rotator-system/{r.PodSpec["serviceAccountName"]}");

        var lease = r.Single("Role");
        lease.Namespace.Should().Be("rotator-system");
        RbacRules.Of(lease.Object).Should().Equal(RbacRules.LeaderElection);
        var leaseBinding = r.Single("RoleBinding").Object;
        leaseBinding["roleRef"]!["name"]!.GetValue<string>().Should().Be(lease.Name);
        BoundTo(leaseBinding).Should().Be($"ServiceAccount rotator-system/{r.PodSpec["serviceAccountName"]}");
    }

    [Fact]
    public async Task Namespaced_scope_grants_the_same_rules_only_in_the_watched_namespaces()
    {
        var r = await HelmChart.RenderOkAsync("--set", "rbac.scope=namespaced", "--set", "watchNamespaces={shop,payments}");

        r.OfKind("ClusterRole").Should().BeEmpty("nothing cluster-wide may touch Secrets");
        r.OfKind("ClusterRoleBinding").Should().BeEmpty();
        var roles = r.OfKind("Role").Where(m => m.Namespace != "rotator-system").ToList();
        roles.Select(m => m.Namespace).Should().Equal("shop", "payments");
        roles.Should().AllSatisfy(m => RbacRules.Of(m.Object).Should().Equal(RbacRules.Operator));
        foreach (var ns in new[] { "shop", "payments" })
        {
            var binding = r.OfKind("RoleBinding").Single(m => m.Namespace == ns).Object;
            binding["roleRef"]!["kind"]!.GetValue<string>().Should().Be("Role");
            BoundTo(binding).Should().Be($"ServiceAccount rotator-system/{r.PodSpec["serviceAccountName"]}");
        }

        RbacRules.Of(r.OfKind("Role").Single(m => m.Namespace == "rotator-system").Object).Should().Equal(RbacRules.LeaderElection);
        OperatorSees(r).Namespaces.Should().Equal("shop", "payments");
    }

    [Fact]
    public async Task Monitoring_objects_scrape_the_metrics_service_and_alert_on_metrics_the_operator_exports()
    {
        var r = await HelmChart.RenderOkAsync(
            "--set", "metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true",
            "--set", "metrics.serviceMonitor.labels.release=prometheus");

        var service = r.Single("Service");
        var monitor = r.Single("ServiceMonitor").Object;
        monitor["apiVersion"]!.GetValue<string>().Should().Be("monitoring.coreos.com/v1");
        monitor["metadata"]!["labels"]!["release"]!.GetValue<string>().Should().Be("prometheus");
        var serviceLabels = service.Object["metadata"]!["labels"]!.AsObject();
        monitor["spec"]!["selector"]!["matchLabels"]!.AsObject()
            .Should().AllSatisfy(l => serviceLabels[l.Key]!.GetValue<string>().Should().Be(l.Value!.GetValue<string>()));
        monitor["spec"]!["namespaceSelector"]!["matchNames"]!.AsArray().Single()!.GetValue<string>().Should().Be("rotator-system");
        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
        endpoint["path"]!.GetValue<string>().Should().Be("/metrics");
        service.Object["spec"]!["ports"]!.AsArray().Select(p => (string)p!["name"]!).Should().Contain((string)endpoint["port"]!);

        var rule = r.Single("PrometheusRule").Object;
        var alerts = rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToList();
        alerts.Select(a => (string)a!["alert"]!).Should().BeEquivalentTo(
            "RotatorRotationFailing", "RotatorSecretOverdue", "RotatorRestartFailing", "RotatorRolloutStuck", "RotatorNotLeading");
        var exported = await ExportedMetricNamesAsync();
        foreach (var alert in alerts)
        {
            var expr = (string)alert!["expr"]!;
            expr.Should().Contain($"job=\"{service.Name}\"", "Prometheus names the job after the scraped Service");
            MetricName().Matches(expr).Select(m => m.Value).Should().NotBeEmpty()
                .And.AllSatisfy(name => exported.Should().Contain(name, $"alert {alert["alert"]} uses it"));
            alert["labels"]!["severity"].Should().NotBeNull();
            ((string)alert["annotations"]!["summary"]!).Should().NotBeEmpty();
        }

        var failing = alerts.Single(a => (string)a!["alert"]! == "RotatorRotationFailing")!;
        ((string)failing["expr"]!).Should().Contain("Failed|RolledBack", "those are the engine's failure results (RotationResult)");
        Enum.GetNames<Rotator.Rotation.Engine.RotationResult>().Should().Contain("Failed").And.Contain("RolledBack");

        var job = service.Name;
        var notLeading = alerts.Single(a => (string)a!["alert"]! == "RotatorNotLeading")!;
        ((string)notLeading["expr"]!).Should().Be(
            $"max(rotator_leader{{job=\"{job}\"}}) < 1 or absent(rotator_leader{{job=\"{job}\"}})",
            "no replica at 1, or no replica scraped at all");
        ((string)notLeading["for"]!).Should().Be("5m");
        var stuck = alerts.Single(a => (string)a!["alert"]! == "RotatorRolloutStuck")!;
        ((string)stuck["expr"]!).Should().Be(
            $"max by (namespace, name) (rotator_rollout_pending_workloads{{job=\"{job}\"}} > 0 and on(instance) rotator_leader{{job=\"{job}\"}} == 1)",
            "a replica that lost the Lease keeps its last per-resource values; only the leader's count");
        ((string)stuck["for"]!).Should().Be("30m");
    }

    [Fact]
    public async Task Templated_crd_is_the_shipped_crd_kept_on_uninstall()
    {
        var plain = await HelmChart.RenderOkAsync("--include-crds");
        var templated = await HelmChart.RenderOkAsync("--set", "crds.templated=true");

        var shipped = plain.Single("CustomResourceDefinition");
        shipped.Source.Should().Be("rotator/crds/rotatingsecrets.rotator.io.yaml");
        var crd = templated.Single("CustomResourceDefinition");
        crd.Source.Should().Be("rotator/templates/crd.yaml");
        crd.Object["metadata"]!["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>().Should().Be("keep");
        crd.Object["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>().Should().Be("Helm");
        crd.Object["spec"]!.ToJsonString().Should().Be(shipped.Object["spec"]!.ToJsonString(), "the templated copy is the same CRD");
        crd.Name.Should().Be(shipped.Name);
    }

    [Fact]
    public async Task Irsa_annotation_scheduling_and_resources_reach_the_pod()
    {
        var values = directory.Write("values.yaml", $$"""
            serviceAccount:
              annotations:
                eks.amazonaws.com/role-arn: {{RoleArn}}
            resources:
              requests: { cpu: 200m, memory: 256Mi }
              limits: { memory: 1Gi }
            nodeSelector:
              kubernetes.io/os: linux
              node-role: ops
            tolerations:
              - { key: dedicated, operator: Equal, value: ops, effect: NoSchedule }
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions: [{ key: kubernetes.io/arch, operator: In, values: [amd64, arm64] }]
            priorityClassName: platform-critical
            imagePullSecrets: [{ name: registry }]
            podAnnotations: { team: platform }
            extraEnv: [{ name: DOTNET_gcServer, value: "0" }]
            """);

        var r = await HelmChart.RenderOkAsync("-f", values);

        r.Single("ServiceAccount").Object["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]!.GetValue<string>().Should().Be(RoleArn);
        var pod = r.PodSpec;
        r.Container["resources"]!["requests"]!["cpu"]!.GetValue<string>().Should().Be("200m");
        r.Container["resources"]!["limits"]!["memory"]!.GetValue<string>().Should().Be("1Gi");
        pod["nodeSelector"]!["node-role"]!.GetValue<string>().Should().Be("ops");
        pod["tolerations"]!.AsArray().Single()!["key"]!.GetValue<string>().Should().Be("dedicated");
        pod["affinity"]!["nodeAffinity"].Should().NotBeNull();
        pod["priorityClassName"]!.GetValue<string>().Should().Be("platform-critical");
        pod["imagePullSecrets"]!.AsArray().Single()!["name"]!.GetValue<string>().Should().Be("registry");
        r.Deployment["spec"]!["template"]!["metadata"]!["annotations"]!["team"]!.GetValue<string>().Should().Be("platform");
        Environment(r).Variable("DOTNET_gcServer").Should().Be("0");
    }

    [Fact]
    public async Task Image_is_pulled_by_digest_when_one_is_given()
    {
        var digest = "sha256:" + new string('a', 64);

        (await HelmChart.RenderOkAsync()).Container["image"]!.GetValue<string>().Should().Be("rotator:0.1.0", "the tag defaults to appVersion");
        (await HelmChart.RenderOkAsync("--set", $"image.repository=registry.example/rotator,image.digest={digest}"))
            .Container["image"]!.GetValue<string>().Should().Be($"registry.example/rotator@{digest}");
    }

    [Fact]
    public async Task Kubernetes_1_20_gets_the_policy_v1beta1_disruption_budget()
    {
        var r = await HelmChart.RenderOkAsync("--kube-version", "v1.20.2");

        r.Single("PodDisruptionBudget").Object["apiVersion"]!.GetValue<string>().Should().Be("policy/v1beta1");
    }

    [Fact]
    public async Task Several_replicas_without_leader_election_are_refused()
    {
        var r = await HelmChart.RenderAsync("--set", "leaderElection.enabled=false");

        r.ExitCode.Should().Be(1);
        r.Error.Should().Contain("leaderElection.enabled must be true with more than one replica");

        var single = await HelmChart.RenderOkAsync("--set", "leaderElection.enabled=false,replicas=1");
        OperatorSees(single).LeaderElection.Should().BeFalse();
        single.OfKind("Role").Should().BeEmpty("no Lease, no leader-election Role");
    }

    private static string Checksum(Rendering r) =>
        (string)r.Deployment["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"]!;

    private static string BoundTo(JsonObject binding)
    {
        var subject = binding["subjects"]!.AsArray().Single()!;
        return $"{subject["kind"]} {subject["namespace"]}/{subject["name"]}";
    }

    /// <summary>The pod's environment as the kubelet would fill it (downward API for a pod named rotator-abc12).</summary>
    private static OperatorEnvironment Environment(Rendering r)
    {
        var variables = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" };
        foreach (var env in r.Container["env"]!.AsArray())
        {
            var name = (string)env!["name"]!;
            variables[name] = (string?)env["value"] ?? (string?)env["valueFrom"]!["fieldRef"]!["fieldPath"] switch
            {
                "metadata.namespace" => "rotator-system",
                "metadata.name" => "rotator-abc12",
                var path => throw new InvalidOperationException($"unexpected fieldRef {path}"),
            };
        }

        return OperatorEnvironment.Of(variables, "/nonexistent");
    }

    /// <summary>The container's arguments with <c>--config</c> pointing at the rendered ConfigMap's file, written locally.</summary>
    private List<string> OperatorArgs(Rendering r)
    {
        var mount = r.Container["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == "config")!;
        var configMap = (string)r.PodSpec["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "config")!["configMap"]!["name"]!;
        var data = r.OfKind("ConfigMap").Single(m => m.Name == configMap).Object["data"]!.AsObject();
        var args = new List<string>();
        foreach (var arg in r.Args)
        {
            if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                var path = arg["--config=".Length..];
                Path.GetDirectoryName(path).Should().Be((string)mount["mountPath"]!, "--config must name a file of the mounted ConfigMap");
                args.Add("--config=" + directory.Write(Path.GetFileName(path), (string)data[Path.GetFileName(path)]!));
            }
            else
            {
                args.Add(arg);
            }
        }

        return args;
    }

    private OperatorOptions OperatorSees(Rendering r)
    {
        var environment = Environment(r);
        return OperatorOptionsReader.Read(OperatorOptionsReader.BuildConfiguration(OperatorArgs(r), environment), environment);
    }

    /// <summary>The operator's metric families, each made to show one sample.</summary>
    private static async Task<HashSet<string>> ExportedMetricNamesAsync() =>
        [.. TypeLine().Matches(await EveryFamily.RenderAsync(TestContext.Current.CancellationToken)).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\brotator_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
