using System.Text;
using System.Text.Json;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>
/// The library's models resolved by reflection (<see cref="LibraryJson"/>) write and read exactly what the
/// library's source-generated context does, for every kind Rotator sends or reads: data bytes, times to the
/// microsecond, int-or-string and quantity fields, nested pod templates, event series and error statuses.
/// </summary>
public sealed class LibraryJsonTests
{
    private static readonly DateTime At = new(2026, 12, 7, 10, 11, 12, DateTimeKind.Utc);

    public static TheoryData<string> Kinds => ["Secret", "Deployment", "Lease", "Event", "Namespace"];

    [Fact]
    public void The_process_resolves_the_librarys_models_by_reflection()
    {
        LibraryJson.UseReflectionMetadata().Should().BeTrue("the test module sets it before anything is serialized, as the operator does");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reflection_writes_and_reads_what_the_generated_context_does(string kind)
    {
        var model = Sample(kind);
        var generated = SourceGenerationContext.Default.GetTypeInfo(model.GetType())!;

        var written = KubernetesJson.Serialize(model);
        written.Should().Be(JsonSerializer.Serialize(model, generated));

        var read = Deserialize(written, model.GetType());
        JsonSerializer.Serialize(read, generated).Should().Be(written, "what is read back is what was written");
    }

    [Fact]
    public void An_error_status_from_the_api_server_is_read_with_its_reason_and_details()
    {
        const string body = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"db\" already exists","reason":"AlreadyExists","details":{"name":"db","kind":"secrets"},"code":409}""";
        var status = KubernetesJson.Deserialize<V1Status>(body);
        status.Code.Should().Be(409);
        status.Reason.Should().Be("AlreadyExists");
        status.Details.Name.Should().Be("db");
        status.Details.Kind.Should().Be("secrets");
    }

    private static object Deserialize(string json, Type type) => type.Name switch
    {
        nameof(V1Secret) => KubernetesJson.Deserialize<V1Secret>(json),
        nameof(V1Deployment) => KubernetesJson.Deserialize<V1Deployment>(json),
        nameof(V1Lease) => KubernetesJson.Deserialize<V1Lease>(json),
        nameof(Eventsv1Event) => KubernetesJson.Deserialize<Eventsv1Event>(json),
        _ => KubernetesJson.Deserialize<V1Namespace>(json),
    };

    private static object Sample(string kind) => kind switch
    {
        "Secret" => new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = Meta("db"),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("not-a-real-password-\u00e9"), ["empty"] = [] },
        },
        "Deployment" => new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Meta("web"),
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                ProgressDeadlineSeconds = 600,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 1 } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["rotator.io/restarted-for"] = "v2" } },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "app",
                                Image = "nginx:1.27",
                                Env = [new V1EnvVar { Name = "DB_PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "db", Key = "password", Optional = false } } }],
                                EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "db" } }],
                                Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("128Mi"), ["cpu"] = new("500m") } },
                            },
                        ],
                        Volumes = [new V1Volume { Name = "creds", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { Secret = new V1SecretProjection { Name = "db" } }] } }],
                    },
                },
            },
            Status = new V1DeploymentStatus
            {
                ObservedGeneration = 3,
                UpdatedReplicas = 2,
                Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "True", Reason = "NewReplicaSetAvailable", LastUpdateTime = At, LastTransitionTime = At }],
            },
        },
        "Lease" => new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = Meta("rotator-leader"),
            Spec = new V1LeaseSpec { HolderIdentity = "pod-1", LeaseDurationSeconds = 15, AcquireTime = MicroTime.Of(At), RenewTime = MicroTime.Of(At.AddTicks(1_234_560)), LeaseTransitions = 4 },
        },
        "Event" => new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = Meta("db.18f0"),
            EventTime = MicroTime.Of(At),
            Series = new Eventsv1EventSeries { Count = 50, LastObservedTime = MicroTime.Of(At.AddSeconds(30)) },
            Regarding = new V1ObjectReference { ApiVersion = "rotator.io/v1alpha1", Kind = "RotatingSecret", Name = "db", NamespaceProperty = "shop", Uid = "4c1b" },
            Reason = "Rotated",
            Note = "rotated to a new version \u2014 not a value",
            Type = "Normal",
            Action = "Rotate",
            ReportingController = "rotator.io/operator",
            ReportingInstance = "pod-1",
        },
        _ => new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = Meta("shop"), Status = new V1NamespaceStatus { Phase = "Active" } },
    };

    private static V1ObjectMeta Meta(string name) => new()
    {
        Name = name,
        NamespaceProperty = "shop",
        Uid = "7d3f2b1c-0000-4000-8000-000000000001",
        ResourceVersion = "12345",
        Generation = 3,
        CreationTimestamp = At,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "rotator" },
        Annotations = new Dictionary<string, string> { ["rotator.io/version-id"] = "v2" },
        Finalizers = ["rotator.io/finalizer"],
        OwnerReferences = [new V1OwnerReference { ApiVersion = "rotator.io/v1alpha1", Kind = "RotatingSecret", Name = "db", Uid = "4c1b", Controller = true, BlockOwnerDeletion = true }],
    };
}
