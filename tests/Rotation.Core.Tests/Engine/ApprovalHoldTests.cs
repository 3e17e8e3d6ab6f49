using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Engine;

/// <summary><see cref="RotationRequest.HoldBeforeSetSecret"/> against moto: createSecret runs, nothing after it until a run without the flag.</summary>
public sealed class ApprovalHoldTests(TestbedFixture testbed) : IDisposable
{
    private readonly HttpClient http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecretsManagerClient Secrets => MotoAws.SecretsManager(testbed.Moto, http);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_held_run_stores_AWSPENDING_only_and_a_run_without_the_hold_finishes_that_version()
    {
        var (name, first) = await CreateAsync("engine/hold");
        var observer = new InMemoryRotationObserver();

        // Its setSecret throws: a hold that let setSecret run would end Failed, not AwaitingApproval.
        var held = await new RotationEngine(Secrets, observer).RunAsync(Request(name) with { HoldBeforeSetSecret = true }, new ThrowingSetStrategy("setSecret ran while held"), Ct);

        held.Result.Should().Be(RotationResult.AwaitingApproval, held.Message);
        held.Reason.Should().Be(RotationReasons.AwaitingApproval);
        held.Current.Should().BeNull();
        observer.Events.Select(e => e.Step.Step).Distinct().Should().Equal(RotationStepNames.CreateSecret);
        var between = await ObservedSecret.ReadAsync(testbed.Moto, name);
        between.CurrentVersionId.Should().Be(first, "AWSCURRENT does not move before approval");
        between.HolderOf(SecretVersionStages.Pending).Should().Be(held.VersionId);
        var pendingValue = (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.ByIdAndStage(held.VersionId!, SecretVersionStages.Pending), Ct)).SecretString;

        var again = await new RotationEngine(Secrets).RunAsync(
            Request(name) with { ResumeVersionId = held.VersionId, HoldBeforeSetSecret = true }, new ThrowingSetStrategy("setSecret ran while held"), Ct);
        again.Result.Should().Be(RotationResult.AwaitingApproval, "holding again is a no-op");
        again.VersionId.Should().Be(held.VersionId);
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).VersionCount.Should().Be(2, "no second pending version");

        var approved = await new RotationEngine(Secrets).RunAsync(Request(name) with { ResumeVersionId = held.VersionId }, new RandomValueStrategy(new RandomValueSettings { Field = "apiKey" }), Ct);

        approved.Result.Should().Be(RotationResult.Succeeded, approved.Message);
        approved.VersionId.Should().Be(held.VersionId);
        var after = await ObservedSecret.ReadAsync(testbed.Moto, name);
        after.CurrentVersionId.Should().Be(held.VersionId);
        after.PreviousVersionId.Should().Be(first);
        after.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        after.CurrentValue.Should().Be(pendingValue, "the value stored before the hold is the one made current");
    }

    [Fact]
    public async Task A_held_version_is_discarded_by_abandoning_it()
    {
        var (name, first) = await CreateAsync("engine/holdexpire");
        var engine = new RotationEngine(Secrets);
        var held = await engine.RunAsync(Request(name) with { HoldBeforeSetSecret = true }, new RandomValueStrategy(new RandomValueSettings { Field = "apiKey" }), Ct);

        var discarded = await engine.AbandonAsync(name, held.VersionId!, Ct);

        discarded.Result.Should().Be(RotationResult.RolledBack, discarded.Message);
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.CurrentVersionId.Should().Be(first);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull();
    }

    [Fact]
    public async Task An_AWS_managed_rotation_cannot_be_held_and_refuses_before_calling_AWS()
    {
        var (name, first) = await CreateAsync("engine/holdmanaged");

        var outcome = await new AwsManagedRotation(Secrets).RunAsync(Request(name) with { HoldBeforeSetSecret = true }, Ct);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(RotationReasons.HoldUnsupported);
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).CurrentVersionId.Should().Be(first);
    }

    private async Task<(string Name, string VersionId)> CreateAsync(string prefix)
    {
        var name = MotoAws.NewName(prefix);
        var created = await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("""{"apiKey":"k0"}""") }, Ct);
        return (name, created.VersionId!);
    }

    private static RotationRequest Request(string name) =>
        new() { SecretId = name, Passwords = new RecordingPasswords() };
}
