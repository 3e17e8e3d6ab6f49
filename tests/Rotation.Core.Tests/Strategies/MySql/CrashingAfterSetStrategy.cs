using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>A strategy that dies right after its setSecret changed the target, as a killed process would.</summary>
internal sealed class CrashingAfterSetStrategy(IRotationStrategy inner) : IRotationStrategy, IReplacesCurrentCredential
{
    public string Name => inner.Name;

    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) => inner.ValidateAsync(context, cancellationToken);

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) => inner.CreatePendingAsync(context, cancellationToken);

    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        await inner.SetAsync(context, cancellationToken);
        throw new SimulatedCrashException("killed after setSecret");
    }

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken) => inner.TestAsync(context, cancellationToken);

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => inner.RestoreAsync(context, cancellationToken);
}
