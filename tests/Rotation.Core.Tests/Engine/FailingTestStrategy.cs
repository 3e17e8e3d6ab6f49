using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>A strategy whose testSecret fails a given number of times, standing in for a target that rejects the new credential.</summary>
internal sealed class FailingTestStrategy(IRotationStrategy inner, int failures) : IRotationStrategy
{
    public const string Reason = "LoginRejected";

    private int left = failures;

    public int TestCalls { get; private set; }

    public int RestoreCalls { get; private set; }

    public string Name => inner.Name;

    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) => inner.ValidateAsync(context, cancellationToken);

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) =>
        inner.CreatePendingAsync(context, cancellationToken);

    public Task SetAsync(RotationContext context, CancellationToken cancellationToken) => inner.SetAsync(context, cancellationToken);

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken)
    {
        TestCalls++;
        if (left-- > 0)
        {
            throw new RotationTestFailedException("the target rejected the pending credential (simulated)") { Reason = Reason };
        }

        return inner.TestAsync(context, cancellationToken);
    }

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken)
    {
        RestoreCalls++;
        return inner.RestoreAsync(context, cancellationToken);
    }
}
