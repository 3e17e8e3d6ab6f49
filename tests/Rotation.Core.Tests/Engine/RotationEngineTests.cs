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

/// <summary>The engine with the RandomValue strategy against moto; end states checked with boto3.</summary>
public sealed class RotationEngineTests(TestbedFixture testbed) : IDisposable
{
    private const string Field = "apiKey";

    private readonly HttpClient http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RandomValueStrategy FieldStrategy() => new(new RandomValueSettings { Field = Field });

    private SecretsManagerClient Secrets => MotoAws.SecretsManager(testbed.Moto, http);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Rotates_one_field_keeps_the_others_and_leaves_AWSCURRENT_AWSPREVIOUS_and_no_AWSPENDING()
    {
        var original = """{"apiKey":"old-key-value","owner":"team-a","nested":{"list":[1,2.50,"x"],"flag":true},"quote":"it's <b>&"}""";
        var (name, firstVersion) = await CreateAsync("engine/e2e", original);
        var passwords = new RecordingPasswords();

        var outcome = await new RotationEngine(Secrets).RunAsync(Request(name, passwords), FieldStrategy(), Ct);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.Reason.Should().Be(RotationReasons.Rotated);
        outcome.VersionId.Should().NotBeNullOrEmpty().And.NotBe(firstVersion);
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.CurrentVersionId.Should().Be(outcome.VersionId);
        state.PreviousVersionId.Should().Be(firstVersion);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull("finishSecret removes AWSPENDING");
        state.VersionCount.Should().Be(2);

        var rotated = JsonNode.Parse(state.CurrentValue!)!.AsObject();
        ((string?)rotated[Field]).Should().Be(passwords.Issued.Single()).And.NotBe("old-key-value");
        var expected = JsonNode.Parse(original)!.AsObject();
        expected[Field] = passwords.Issued.Single();
        JsonNode.DeepEquals(rotated, expected).Should().BeTrue("every other field is kept as it was");
    }

    [Fact]
    public async Task Two_consecutive_rotations_move_AWSPREVIOUS_along()
    {
        var (name, first) = await CreateAsync("engine/twice", """{"apiKey":"k0","other":1}""");
        var engine = new RotationEngine(Secrets);

        var one = await engine.RunAsync(Request(name), FieldStrategy(), Ct);
        var two = await engine.RunAsync(Request(name), FieldStrategy(), Ct);

        one.Result.Should().Be(RotationResult.Succeeded, one.Message);
        two.Result.Should().Be(RotationResult.Succeeded, two.Message);
        two.VersionId.Should().NotBe(one.VersionId);
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.CurrentVersionId.Should().Be(two.VersionId);
        state.PreviousVersionId.Should().Be(one.VersionId);
        // AWS leaves unlabelled versions out of VersionIdsToStages; moto lists them with no labels.
        state.Stages.GetValueOrDefault(first, []).Should().BeEmpty("the first version has no label left");
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        state.VersionCount.Should().Be(3);
        ((int?)JsonNode.Parse(state.CurrentValue!)!["other"]).Should().Be(1);
    }

    [Fact]
    public async Task Replaying_a_finished_rotation_is_a_no_op()
    {
        var (name, _) = await CreateAsync("engine/replay", """{"apiKey":"k0"}""");
        var done = await new RotationEngine(Secrets).RunAsync(Request(name), FieldStrategy(), Ct);

        var again = await new RotationEngine(Secrets).RunAsync(Request(name) with { ResumeVersionId = done.VersionId }, FieldStrategy(), Ct);

        again.Result.Should().Be(RotationResult.Succeeded);
        again.Reason.Should().Be(RotationReasons.AlreadyCurrent);
        again.VersionId.Should().Be(done.VersionId);
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).VersionCount.Should().Be(2);
    }

    [Fact]
    public async Task A_caller_chosen_version_id_that_nothing_stored_yet_starts_the_rotation_under_that_id()
    {
        var (name, _) = await CreateAsync("engine/chosen", """{"apiKey":"k0"}""");
        var id = Guid.NewGuid().ToString();

        var outcome = await new RotationEngine(Secrets).RunAsync(Request(name) with { ResumeVersionId = id }, FieldStrategy(), Ct);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(id);
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).CurrentVersionId.Should().Be(id);
    }

    [Fact]
    public async Task Whole_string_and_binary_secrets_are_regenerated_whole()
    {
        var (text, _) = await CreateAsync("engine/plain", "plain-old-token");
        var binaryName = MotoAws.NewName("engine/binary");
        var oldBytes = Enumerable.Range(0, 48).Select(i => (byte)i).ToArray();
        await Secrets.CreateSecretAsync(new CreateSecretOptions(binaryName) { Value = SecretPayload.FromBytes(oldBytes) }, Ct);
        var engine = new RotationEngine(Secrets);

        var textOutcome = await engine.RunAsync(new RotationRequest { SecretId = text }, new RandomValueStrategy(), Ct);
        var binaryOutcome = await engine.RunAsync(new RotationRequest { SecretId = binaryName }, new RandomValueStrategy(), Ct);

        textOutcome.Result.Should().Be(RotationResult.Succeeded, textOutcome.Message);
        binaryOutcome.Result.Should().Be(RotationResult.Succeeded, binaryOutcome.Message);
        var newText = await Secrets.GetSecretValueAsync(text, SecretVersionSelector.Current, Ct);
        newText.SecretString.Should().HaveLength(32).And.NotBe("plain-old-token");
        var newBinary = await Secrets.GetSecretValueAsync(binaryName, SecretVersionSelector.Current, Ct);
        newBinary.VersionId.Should().Be(binaryOutcome.VersionId);
        newBinary.SecretBinary.Should().HaveCount(48, "the current value's length is kept").And.NotEqual(oldBytes);
    }

    [Fact]
    public async Task The_observer_sees_each_step_start_and_finish_and_never_a_value()
    {
        var (name, _) = await CreateAsync("engine/observed", """{"apiKey":"the-old-secret-value"}""");
        var observer = new InMemoryRotationObserver();
        var passwords = new RecordingPasswords();

        var outcome = await new RotationEngine(Secrets, observer).RunAsync(Request(name, passwords), FieldStrategy(), Ct);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        var steps = new[] { RotationStepNames.CreateSecret, RotationStepNames.SetSecret, RotationStepNames.TestSecret, RotationStepNames.FinishSecret };
        observer.Events.Select(e => (e.Kind, e.Step.Step)).Should().Equal(
            steps.SelectMany(s => new[] { (RotationEventKind.Started, s), (RotationEventKind.Finished, s) }));
        observer.Events.Should().OnlyContain(e => e.Step.SecretId == name && e.Step.VersionId == outcome.VersionId && e.Step.Strategy == "RandomValue");
        observer.Events.Where(e => e.Kind == RotationEventKind.Finished).Should().OnlyContain(e => e.Step.Duration >= TimeSpan.Zero);

        var text = string.Join("\n", observer.Events.Select(e => $"{e} {e.Step.Message} {e.Step.Reason}")) + outcome;
        passwords.Issued.Should().ContainSingle();
        text.Should().NotContain(passwords.Issued.Single()).And.NotContain("the-old-secret-value");
    }

    [Fact]
    public async Task A_non_JSON_secret_with_a_field_is_refused_without_quoting_the_value()
    {
        const string value = "hunter2-is-not-json-at-all";
        var (name, _) = await CreateAsync("engine/notjson", value);
        var observer = new InMemoryRotationObserver();

        var outcome = await new RotationEngine(Secrets, observer).RunAsync(Request(name), FieldStrategy(), Ct);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(RandomValueStrategy.SecretNotJson);
        outcome.Message.Should().Contain("not valid JSON").And.Contain(Field);
        outcome.ToString().Should().NotContain(value).And.NotContain("hunter2");
        observer.Events.Should().BeEmpty("nothing started");
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).VersionCount.Should().Be(1);
    }

    [Fact]
    public async Task A_missing_field_or_a_missing_secret_is_refused()
    {
        var (name, _) = await CreateAsync("engine/nofield", """{"api_key":"k0"}""");
        var engine = new RotationEngine(Secrets);

        var noField = await engine.RunAsync(Request(name), FieldStrategy(), Ct);
        var noSecret = await engine.RunAsync(Request(MotoAws.NewName("engine/missing")), FieldStrategy(), Ct);

        noField.Result.Should().Be(RotationResult.Refused);
        noField.Reason.Should().Be(RandomValueStrategy.FieldMissing);
        noField.Message.Should().Contain("'apiKey'");
        noSecret.Result.Should().Be(RotationResult.Refused);
        noSecret.Reason.Should().Be(RotationReasons.SecretNotFound);
    }

    [Fact]
    public async Task A_secret_owned_by_another_service_is_refused_before_anything_is_read()
    {
        // moto cannot make a secret with an OwningService; the fake stands in for our ISecretsManager.
        var fake = new FakeSecretsManager(new SecretDescription
        {
            Name = "rds!db-123", OwningService = "rds",
            VersionIdsToStages = new Dictionary<string, IReadOnlyList<string>> { ["v1"] = [SecretVersionStages.Current] },
        });
        var strategy = new FailingTestStrategy(FieldStrategy(), 0);

        var outcome = await new RotationEngine(fake).RunAsync(Request("rds!db-123"), strategy, Ct);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(RotationReasons.OwnedByService);
        outcome.Message.Should().Contain("'rds'").And.Contain("AwsManaged");
        fake.Calls.Should().Be(1);
        strategy.TestCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_pending_version_started_elsewhere_is_refused_then_taken_over_once_old_enough()
    {
        var (name, first) = await CreateAsync("engine/foreign", """{"apiKey":"k0"}""");
        var foreign = Guid.NewGuid().ToString();
        await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("""{"apiKey":"made-by-someone-else"}"""), [SecretVersionStages.Pending], foreign, Ct);
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2));

        var refused = await new RotationEngine(Secrets).RunAsync(Request(name), FieldStrategy(), Ct);
        var tooYoung = await new RotationEngine(Secrets, time: later)
            .RunAsync(Request(name) with { TakeOverPendingOlderThan = TimeSpan.FromHours(3) }, FieldStrategy(), Ct);
        var takenOver = await new RotationEngine(Secrets, time: later)
            .RunAsync(Request(name) with { TakeOverPendingOlderThan = TimeSpan.FromHours(1) }, FieldStrategy(), Ct);

        refused.Result.Should().Be(RotationResult.Refused);
        refused.Reason.Should().Be(RotationReasons.RotationInProgress);
        refused.VersionId.Should().Be(foreign);
        refused.Message.Should().Contain($"rotation {foreign} in progress, started elsewhere").And.Contain("pending since");
        tooYoung.Result.Should().Be(RotationResult.Refused);
        tooYoung.Message.Should().Contain("taken over once older than 03:00:00");

        takenOver.Result.Should().Be(RotationResult.Succeeded, takenOver.Message);
        takenOver.VersionId.Should().Be(foreign, "taking over finishes that rotation under its own version id");
        takenOver.Message.Should().Contain("took over");
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.CurrentVersionId.Should().Be(foreign);
        state.PreviousVersionId.Should().Be(first);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        state.VersionCount.Should().Be(2);
        ((string?)JsonNode.Parse(state.CurrentValue!)![Field]).Should().Be("made-by-someone-else");
    }

    [Fact]
    public async Task A_failed_test_restores_keeps_AWSPENDING_and_the_same_version_id_resumes()
    {
        var (name, first) = await CreateAsync("engine/testfail", """{"apiKey":"k0"}""");
        var strategy = new FailingTestStrategy(FieldStrategy(), failures: 1);
        var observer = new InMemoryRotationObserver();

        var failed = await new RotationEngine(Secrets, observer).RunAsync(Request(name), strategy, Ct);

        failed.Result.Should().Be(RotationResult.Failed);
        failed.FailedStep.Should().Be(RotationStepNames.TestSecret);
        failed.Reason.Should().Be(FailingTestStrategy.Reason);
        failed.Message.Should().Contain("rejected the pending credential").And.Contain("AWSPENDING kept");
        strategy.RestoreCalls.Should().Be(1);
        observer.Events[^1].Should().Match<RecordedRotationEvent>(e => e.Kind == RotationEventKind.Failed && e.Step.Step == RotationStepNames.TestSecret);
        var between = await ObservedSecret.ReadAsync(testbed.Moto, name);
        between.CurrentVersionId.Should().Be(first);
        between.HolderOf(SecretVersionStages.Pending).Should().Be(failed.VersionId);

        var retried = await new RotationEngine(Secrets).RunAsync(Request(name) with { ResumeVersionId = failed.VersionId }, strategy, Ct);

        retried.Result.Should().Be(RotationResult.Succeeded, retried.Message);
        retried.VersionId.Should().Be(failed.VersionId);
        strategy.RestoreCalls.Should().Be(1);
        var after = await ObservedSecret.ReadAsync(testbed.Moto, name);
        after.CurrentVersionId.Should().Be(failed.VersionId);
        after.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        after.VersionCount.Should().Be(2);
    }

    [Fact]
    public async Task Abandoning_removes_AWSPENDING_so_the_next_rotation_starts_fresh()
    {
        var (name, first) = await CreateAsync("engine/abandon", """{"apiKey":"k0"}""");
        var engine = new RotationEngine(Secrets);
        var failed = await engine.RunAsync(Request(name), new FailingTestStrategy(FieldStrategy(), failures: 1), Ct);

        var abandoned = await engine.AbandonAsync(name, failed.VersionId!, Ct);
        var again = await engine.AbandonAsync(name, failed.VersionId!, Ct);
        var resumed = await engine.RunAsync(Request(name) with { ResumeVersionId = failed.VersionId }, FieldStrategy(), Ct);
        var fresh = await engine.RunAsync(Request(name), FieldStrategy(), Ct);

        abandoned.Result.Should().Be(RotationResult.RolledBack);
        abandoned.Reason.Should().Be(RotationReasons.Abandoned);
        again.Result.Should().Be(RotationResult.RolledBack, "abandoning twice is harmless");
        resumed.Result.Should().Be(RotationResult.Refused);
        resumed.Reason.Should().Be(RotationReasons.VersionNotPending);
        fresh.Result.Should().Be(RotationResult.Succeeded, fresh.Message);
        fresh.VersionId.Should().NotBe(failed.VersionId);
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.CurrentVersionId.Should().Be(fresh.VersionId);
        state.PreviousVersionId.Should().Be(first);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        (await engine.AbandonAsync(name, fresh.VersionId!, Ct)).Result.Should().Be(RotationResult.Refused, "a finished rotation cannot be abandoned");
    }

    [Fact]
    public async Task A_version_id_of_the_wrong_length_is_refused()
    {
        var outcome = await new RotationEngine(Secrets).RunAsync(Request("any") with { ResumeVersionId = "short" }, FieldStrategy(), Ct);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(RotationReasons.InvalidVersionId);
    }

    [Fact]
    public async Task A_step_failing_with_a_foreign_exception_reports_its_type_but_not_its_message()
    {
        var (name, _) = await CreateAsync("engine/foreignerror", """{"apiKey":"k0"}""");
        var observer = new InMemoryRotationObserver();

        var outcome = await new RotationEngine(Secrets, observer).RunAsync(Request(name), new ThrowingSetStrategy("driver says: password 'k0-secret' rejected"), Ct);

        outcome.Result.Should().Be(RotationResult.Failed);
        outcome.FailedStep.Should().Be(RotationStepNames.SetSecret);
        outcome.Reason.Should().Be(RotationReasons.StepFailed);
        outcome.Message.Should().Contain(nameof(InvalidOperationException)).And.NotContain("k0-secret");
        string.Concat(observer.Events.Select(e => e.ToString())).Should().NotContain("k0-secret");
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).HolderOf(SecretVersionStages.Pending).Should().Be(outcome.VersionId, "a retry resumes it");
    }

    [Fact]
    public async Task A_resumed_rotation_whose_target_refuses_fails_and_keeps_its_version_id_rather_than_being_forgotten()
    {
        var (name, first) = await CreateAsync("engine/resumerefused", """{"apiKey":"k0"}""");
        var engine = new RotationEngine(Secrets);
        var fresh = await engine.RunAsync(Request(name), new RefusingValidateStrategy(), Ct);
        var failed = await engine.RunAsync(Request(name), new ThrowingSetStrategy("target went away"), Ct);

        var resumed = await engine.RunAsync(Request(name) with { ResumeVersionId = failed.VersionId }, new RefusingValidateStrategy(), Ct);

        fresh.Result.Should().Be(RotationResult.Refused, "nothing of a new rotation was written");
        resumed.Result.Should().Be(RotationResult.Failed, "its AWSPENDING is stored: a refusal would let the caller forget it");
        resumed.Reason.Should().Be(RefusingValidateStrategy.Reason);
        resumed.VersionId.Should().Be(failed.VersionId);
        resumed.Message.Should().Contain("AWSPENDING kept");
        (await ObservedSecret.ReadAsync(testbed.Moto, name)).HolderOf(SecretVersionStages.Pending).Should().Be(failed.VersionId);
        var retried = await engine.RunAsync(Request(name) with { ResumeVersionId = failed.VersionId }, FieldStrategy(), Ct);
        retried.Result.Should().Be(RotationResult.Succeeded, retried.Message);
        var after = await ObservedSecret.ReadAsync(testbed.Moto, name);
        after.CurrentVersionId.Should().Be(failed.VersionId);
        after.PreviousVersionId.Should().Be(first);
    }

    [Theory]
    [InlineData("createSecret")]
    [InlineData("setSecret")]
    public async Task A_refusal_in_createSecret_or_setSecret_refuses_the_rotation_and_leaves_no_AWSPENDING(string step)
    {
        var (name, first) = await CreateAsync($"engine/refused-{step}", """{"apiKey":"k0"}""");

        var outcome = await new RotationEngine(Secrets).RunAsync(Request(name), new RefusingStepStrategy(step), Ct);

        outcome.Result.Should().Be(RotationResult.Refused, "a retry would send the same value again: " + outcome.Message);
        outcome.FailedStep.Should().Be(step);
        outcome.Reason.Should().Be(RefusingStepStrategy.Reason);
        var observed = await ObservedSecret.ReadAsync(testbed.Moto, name);
        observed.HolderOf(SecretVersionStages.Pending).Should().BeNull("nothing of a refused rotation is left behind");
        observed.CurrentVersionId.Should().Be(first);
        var next = await new RotationEngine(Secrets).RunAsync(Request(name), FieldStrategy(), Ct);
        next.Result.Should().Be(RotationResult.Succeeded, "the next rotation is not blocked by a leftover: " + next.Message);
    }

    [Fact]
    public async Task Cancellation_passes_through_and_leaves_a_resumable_rotation()
    {
        var (name, _) = await CreateAsync("engine/cancel", """{"apiKey":"k0"}""");
        using var cancel = new CancellationTokenSource();
        var strategy = new CancellingSetStrategy(cancel);

        var run = () => new RotationEngine(Secrets).RunAsync(Request(name), strategy, cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        var pending = (await ObservedSecret.ReadAsync(testbed.Moto, name)).HolderOf(SecretVersionStages.Pending);
        pending.Should().NotBeNull();
        var resumed = await new RotationEngine(Secrets).RunAsync(Request(name) with { ResumeVersionId = pending }, FieldStrategy(), Ct);
        resumed.Result.Should().Be(RotationResult.Succeeded, resumed.Message);
    }

    private async Task<(string Name, string VersionId)> CreateAsync(string prefix, string value)
    {
        var name = MotoAws.NewName(prefix);
        var created = await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString(value) }, Ct);
        return (name, created.VersionId!);
    }

    private static RotationRequest Request(string name, RecordingPasswords? passwords = null) =>
        new() { SecretId = name, Passwords = passwords ?? new RecordingPasswords() };
}
