using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>This pass's rotation or rollback moved AWSCURRENT.</summary>
/// <param name="At">When (a <see cref="TimeProvider"/> timestamp), for the propagation metric.</param>
/// <param name="Value">The value now AWSCURRENT when the engine held it (null: read it back); prints redacted, never logged.</param>
public sealed record CurrentMoved(long At, SecretValue? Value);
