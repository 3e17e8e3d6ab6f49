using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>A strategy whose probe of the target refuses, as the MySQL strategies do while the server is down.</summary>
internal sealed class RefusingValidateStrategy : IRotationStrategy
{
    public const string Reason = "TargetUnreachable";

    // The engine tests' secrets are {"apiKey": ...}; the steps it does not break are RandomValue's on that field.
    private readonly RandomValueStrategy inner = new(new RandomValueSettings { Field = "apiKey" });

    public string Name => "RefusingValidate";

    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) =>
        throw new RotationRefusedException("the target is unreachable") { Reason = Reason };

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) =>
        inner.CreatePendingAsync(context, cancellationToken);

    public Task SetAsync(RotationContext context, CancellationToken cancellationToken) => inner.SetAsync(context, cancellationToken);

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken) => inner.TestAsync(context, cancellationToken);

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
