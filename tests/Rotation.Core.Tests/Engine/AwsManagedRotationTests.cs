using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>
/// AWS-managed rotation against moto. moto runs no rotation Lambda, so the test plays the Lambda: once
/// RotateSecret has been accepted, it stores a new AWSCURRENT version itself.
/// </summary>
public sealed class AwsManagedRotationTests(TestbedFixture testbed) : IDisposable
{
    private static readonly AwsManagedRotationOptions Quick = new()
    {
        FirstPollDelay = TimeSpan.FromMilliseconds(50),
        MaxPollDelay = TimeSpan.FromMilliseconds(400),
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly HttpClient http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecretsManagerClient Secrets => MotoAws.SecretsManager(testbed.Moto, http);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Calls_RotateSecret_waits_for_AWSCURRENT_to_move_and_reports_the_new_version()
    {
        var name = MotoAws.NewName("engine/managed");
        var created = await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("""{"password":"p0"}""") }, Ct);
        var token = Guid.NewGuid().ToString();
        var observer = new InMemoryRotationObserver();
        var rotation = new AwsManagedRotation(Secrets, Quick, observer);

        var running = rotation.RunAsync(new RotationRequest { SecretId = name, ResumeVersionId = token }, Ct);
        await UntilAsync(async () => (await Secrets.DescribeSecretAsync(name, Ct)).VersionIdsToStages.ContainsKey(token));
        running.IsCompleted.Should().BeFalse("AWSCURRENT has no readable new value yet");
        // The simulated Lambda: a new version that becomes AWSCURRENT.
        var lambdaVersion = Guid.NewGuid().ToString();
        await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("""{"password":"p1"}"""), null, lambdaVersion, Ct);
        var outcome = await running;

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(lambdaVersion).And.NotBe(created.VersionId);
        (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct)).SecretString.Should().Be("""{"password":"p1"}""");
        observer.Events.Select(e => (e.Kind, e.Step.Step)).Should().Equal(
            (RotationEventKind.Started, RotationStepNames.RotateSecret),
            (RotationEventKind.Finished, RotationStepNames.RotateSecret),
            (RotationEventKind.Started, RotationStepNames.AwaitRotation),
            (RotationEventKind.Finished, RotationStepNames.AwaitRotation));
        observer.Events.Should().OnlyContain(e => e.Step.Strategy == AwsManagedRotation.StrategyName);
        string.Concat(observer.Events.Select(e => e.ToString())).Should().NotContain("p1").And.NotContain("p0");

        var replay = await new AwsManagedRotation(Secrets, Quick).RunAsync(new RotationRequest { SecretId = name, ResumeVersionId = lambdaVersion }, Ct);
        replay.Result.Should().Be(RotationResult.Succeeded);
        replay.Reason.Should().Be(RotationReasons.AlreadyCurrent);
    }

    [Fact]
    public async Task A_fresh_runner_given_the_version_id_after_a_crash_waits_without_rotating_again()
    {
        var name = MotoAws.NewName("engine/managed-crash");
        await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v0") }, Ct);
        var crash = new CrashAt(RotationFaultPoint.AfterRotateSecret);
        var crashed = () => new AwsManagedRotation(Secrets, Quick, faults: crash).RunAsync(new RotationRequest { SecretId = name }, Ct);
        await crashed.Should().ThrowAsync<SimulatedCrashException>();
        var observer = new InMemoryRotationObserver();

        var running = new AwsManagedRotation(Secrets, Quick, observer).RunAsync(new RotationRequest { SecretId = name, ResumeVersionId = crash.VersionId }, Ct);
        await UntilAsync(() => Task.FromResult(observer.Events.Any(e => e.Step.Step == RotationStepNames.AwaitRotation)));
        var lambdaVersion = Guid.NewGuid().ToString();
        await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("v1"), null, lambdaVersion, Ct);
        var outcome = await running;

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(lambdaVersion);
        observer.Events.Should().NotContain(e => e.Step.Step == RotationStepNames.RotateSecret, "the rotation was already started");
    }

    [Fact]
    public async Task Gives_up_after_the_timeout_when_AWSCURRENT_never_becomes_readable()
    {
        var name = MotoAws.NewName("engine/managed-timeout");
        await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v0") }, Ct);
        var clock = new AutoAdvancingTimeProvider();
        var options = new AwsManagedRotationOptions { Timeout = TimeSpan.FromMinutes(10) };
        var observer = new InMemoryRotationObserver();

        var outcome = await new AwsManagedRotation(Secrets, options, observer, clock).RunAsync(new RotationRequest { SecretId = name }, Ct);

        outcome.Result.Should().Be(RotationResult.Failed);
        outcome.FailedStep.Should().Be(RotationStepNames.AwaitRotation);
        outcome.Reason.Should().Be(RotationReasons.AwsRotationTimedOut);
        outcome.Message.Should().Contain("did not move to a readable version within 00:10:00");
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMinutes(9)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
        observer.Events[^1].Kind.Should().Be(RotationEventKind.Failed);
    }

    [Fact]
    public async Task A_missing_secret_is_refused()
    {
        var outcome = await new AwsManagedRotation(Secrets, Quick).RunAsync(new RotationRequest { SecretId = MotoAws.NewName("engine/managed-missing") }, Ct);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(RotationReasons.SecretNotFound);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "RotateSecret should have been called by now");
            await Task.Delay(20, Ct);
        }
    }
}
