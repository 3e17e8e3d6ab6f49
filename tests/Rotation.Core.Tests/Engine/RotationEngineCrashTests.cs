using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>
/// The crash matrix: the engine dies after each step and between the target change and the label moves; a
/// fresh engine (new instance, new client) given only the version id finishes the same rotation, with one new
/// version in Secrets Manager, and AWSCURRENT stays readable in every state in between.
/// </summary>
public sealed class RotationEngineCrashTests(TestbedFixture testbed) : IDisposable
{
    private readonly HttpClient http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<RotationFaultPoint> Points => new(Enum.GetValues<RotationFaultPoint>().Where(p => p != RotationFaultPoint.AfterRotateSecret));

    public void Dispose() => http.Dispose();

    [Theory]
    [MemberData(nameof(Points))]
    public async Task A_fresh_engine_finishes_a_rotation_that_crashed(RotationFaultPoint point)
    {
        var name = MotoAws.NewName($"engine/crash/{point}");
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var created = await secrets.CreateSecretAsync(
            new CreateSecretOptions(name) { Value = SecretPayload.FromString("""{"apiKey":"before","keep":[1,{"a":null}]}""") }, Ct);
        var strategy = new RandomValueStrategy(new RandomValueSettings { Field = "apiKey" });
        var firstPasswords = new RecordingPasswords();
        var crash = new CrashAt(point);

        var crashed = () => new RotationEngine(secrets, faults: crash)
            .RunAsync(new RotationRequest { SecretId = name, Passwords = firstPasswords }, strategy, Ct);

        await crashed.Should().ThrowAsync<SimulatedCrashException>();
        var versionId = crash.VersionId!;
        var currentMoved = point is RotationFaultPoint.AfterCurrentMoved or RotationFaultPoint.AfterFinishSecret;
        var stranded = await ObservedSecret.ReadAsync(testbed.Moto, name);
        stranded.CurrentValue.Should().NotBeNull("AWSCURRENT is readable in every intermediate state");
        stranded.CurrentVersionId.Should().Be(currentMoved ? versionId : created.VersionId);
        ((string?)JsonNode.Parse(stranded.CurrentValue!)!["apiKey"]).Should().Be(currentMoved ? firstPasswords.Issued.Single() : "before");
        if (!currentMoved)
        {
            // Without the version id, the stranded rotation is someone else's to this engine.
            var blind = await new RotationEngine(secrets).RunAsync(new RotationRequest { SecretId = name }, strategy, Ct);
            blind.Result.Should().Be(RotationResult.Refused);
            blind.Reason.Should().Be(RotationReasons.RotationInProgress);
        }

        using var freshHttp = new HttpClient();
        var fresh = new RotationEngine(MotoAws.SecretsManager(testbed.Moto, freshHttp));
        var resumedPasswords = new RecordingPasswords();
        var outcome = await fresh.RunAsync(
            new RotationRequest { SecretId = name, Passwords = resumedPasswords, ResumeVersionId = versionId }, strategy, Ct);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(versionId);
        resumedPasswords.Issued.Should().BeEmpty("the pending value stored before the crash is the one that becomes current");
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.VersionCount.Should().Be(2, "exactly one new version");
        state.CurrentVersionId.Should().Be(versionId);
        state.PreviousVersionId.Should().Be(created.VersionId);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        var value = JsonNode.Parse(state.CurrentValue!)!;
        ((string?)value["apiKey"]).Should().Be(firstPasswords.Issued.Single());
        JsonNode.DeepEquals(value["keep"], JsonNode.Parse("""[1,{"a":null}]""")).Should().BeTrue();
    }

    [Fact]
    public async Task The_fault_points_come_in_protocol_order()
    {
        var name = MotoAws.NewName("engine/crash/order");
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("token") }, Ct);
        var watch = new CrashAt(RotationFaultPoint.AfterRotateSecret);

        var outcome = await new RotationEngine(secrets, faults: watch).RunAsync(new RotationRequest { SecretId = name }, new RandomValueStrategy(), Ct);

        outcome.Result.Should().Be(RotationResult.Succeeded);
        watch.Reached.Should().Equal(
            RotationFaultPoint.AfterCreateSecret,
            RotationFaultPoint.AfterSetSecret,
            RotationFaultPoint.AfterTestSecret,
            RotationFaultPoint.BeforeLabelMove,
            RotationFaultPoint.AfterCurrentMoved,
            RotationFaultPoint.AfterFinishSecret);
    }
}
