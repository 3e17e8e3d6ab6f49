using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>A strategy whose setSecret fails with a third-party exception whose message quotes a value, as a careless driver's might.</summary>
internal sealed class ThrowingSetStrategy(string message) : IRotationStrategy
{
    // The engine tests' secrets are {"apiKey": ...}; the steps it does not break are RandomValue's on that field.
    private readonly RandomValueStrategy inner = new(new RandomValueSettings { Field = "apiKey" });

    public string Name => "ThrowingSet";

    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) => inner.ValidateAsync(context, cancellationToken);

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) =>
        inner.CreatePendingAsync(context, cancellationToken);

    public Task SetAsync(RotationContext context, CancellationToken cancellationToken) => throw new InvalidOperationException(message);

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken) => inner.TestAsync(context, cancellationToken);

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
