using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>A random-value strategy whose createSecret or setSecret is turned down the way a target turns a credential down (a refusal, not a fault).</summary>
internal sealed class RefusingStepStrategy(string step) : IRotationStrategy
{
    public const string Reason = "PasswordRejected";

    private readonly RandomValueStrategy inner = new();

    public string Name => "RefusingStep";

    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) => inner.ValidateAsync(context, cancellationToken);

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) =>
        step == "createSecret" ? throw Refusal() : inner.CreatePendingAsync(context, cancellationToken);

    public Task SetAsync(RotationContext context, CancellationToken cancellationToken) =>
        step == "setSecret" ? throw Refusal() : inner.SetAsync(context, cancellationToken);

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken) => inner.TestAsync(context, cancellationToken);

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private static RotationRefusedException Refusal() => new("the target's password policy turned the new value down") { Reason = Reason };
}
