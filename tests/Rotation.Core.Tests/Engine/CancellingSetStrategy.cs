using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>A strategy during whose setSecret the caller cancels (the operator shutting down).</summary>
internal sealed class CancellingSetStrategy(CancellationTokenSource cancel) : IRotationStrategy
{
    // The engine tests' secrets are {"apiKey": ...}; the steps it does not break are RandomValue's on that field.
    private readonly RandomValueStrategy inner = new(new RandomValueSettings { Field = "apiKey" });

    public string Name => inner.Name;

    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) => inner.ValidateAsync(context, cancellationToken);

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) =>
        inner.CreatePendingAsync(context, cancellationToken);

    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        await cancel.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken) => inner.TestAsync(context, cancellationToken);

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
