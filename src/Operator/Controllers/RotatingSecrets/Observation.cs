using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>What a pass found before acting: the resolved spec, the AWS secret's labels, and whether a rotation is due.</summary>
/// <param name="Spec">The spec with defaults applied.</param>
/// <param name="Scope">Region, role and the resource, for the AWS clients.</param>
/// <param name="Secrets">Secrets Manager as the resource's namespace may see it.</param>
/// <param name="Description">The secret's labels and change date (from DescribeSecret, or the shared listing when nothing moved).</param>
/// <param name="Decision">Whether a rotation is due, and why.</param>
public sealed record Observation(ResolvedSpec Spec, AwsScope Scope, ISecretsManager Secrets, SecretDescription Description, TriggerDecision Decision);
