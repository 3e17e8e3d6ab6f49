using FluentAssertions;
using Rotator.Operator.Controllers.Mirroring;
using k8s;
using k8s.Models;
using Rotator.Operator.Resources;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>
/// docs/argocd.md promises that the Secret a RotatingSecret mirrors into does not inherit the
/// RotatingSecret's Argo CD tracking label or annotation: Argo CD would otherwise count the Secret
/// as a resource of the Application that is missing from Git. Only <c>spec.target.labels</c> and
/// <c>spec.target.annotations</c> are copied; what a user writes there is copied as written.
/// </summary>
public sealed class TrackingLabelTests
{
    [Fact]
    public void The_mirrored_secret_does_not_inherit_the_owners_tracking_metadata()
    {
        var owner = new RotatingSecret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "orders-db",
                NamespaceProperty = "shop",
                Uid = "6c1f3a52-8d0e-4b7a-9a51-0f4de2b7c1a9",
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/instance"] = "shop",
                    ["argocd.argoproj.io/instance"] = "shop",
                },
                Annotations = new Dictionary<string, string>
                {
                    ["argocd.argoproj.io/tracking-id"] = "shop:rotator.io/RotatingSecret:shop/orders-db",
                },
            },
            Spec = new RotatingSecretSpec
            {
                SecretId = "shop/orders-db",
                Rotation = new RotationSpec { Strategy = RotationStrategy.None },
                Target = new TargetSpec { Labels = new Dictionary<string, string> { ["team"] = "orders" } },
            },
        };

        var desired = DesiredSecret.For(owner, new SecretValue { Name = "shop/orders-db", VersionId = "v1", SecretString = "{\"password\":\"x\"}" });

        desired.Labels.Should().BeEquivalentTo(new Dictionary<string, string> { ["team"] = "orders", [MirrorLabels.ManagedBy] = MirrorLabels.ManagedByValue });
        desired.Annotations.Keys.Should().BeEquivalentTo([MirrorLabels.VersionId, MirrorLabels.ManagedLabels], "only the operator's own bookkeeping, never Argo CD's");
        // The controller reference is what keeps Argo CD from treating the Secret as a top-level resource.
        desired.Owner.Controller.Should().BeTrue();
    }
}
