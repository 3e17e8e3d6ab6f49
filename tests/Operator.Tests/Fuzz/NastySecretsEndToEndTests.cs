using System.Text;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Tests.EndToEnd;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Fuzz;

/// <summary>
/// Hostile values in Secrets Manager (moto) and a hostile but schema-valid spec, with the operator running against the
/// real API server: every resource ends with a clear Ready condition (or mirrors, when the value is valid), no Secret
/// is half-written, the operator keeps running, and no planted value reaches status, events, logs or metrics.
/// </summary>
public sealed class NastySecretsEndToEndTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nasty_values_and_specs_end_in_clear_conditions_and_leak_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-nasty", ct);
        var markers = Enumerable.Range(0, 4).Select(i => $"mk{i}{Guid.NewGuid():N}"[..16]).ToArray();

        // Filling Secrets Manager's 64 KB limit: valid, so it is mirrored byte for byte.
        var huge = string.Concat(Enumerable.Repeat(markers[0], 65_400 / markers[0].Length));
        var hugeId = await h.CreateAwsSecretAsync("huge", $$"""{"username":"app","password":"{{huge}}"}""", ct);
        var notObjectId = await h.CreateAwsSecretAsync("array", $"""["{markers[1]}", 1, null]""", ct);
        var invalidId = await h.CreateAwsSecretAsync("invalid", $$"""{"apiKey": {{markers[2]}}""", ct);
        var deep = string.Concat(Enumerable.Repeat("{\"password\":", 100)) + $"\"{markers[3]}\"" + new string('}', 100);
        var deepId = await h.CreateAwsSecretAsync("deep", deep, ct);
        await h.StartAsync(ct);

        var keys = new TargetSpec { Keys = new Dictionary<string, string> { ["password"] = "DB_PASSWORD" } };
        await h.CreateAsync("huge", new RotatingSecretSpec { SecretId = hugeId, Rotation = new RotationSpec { Strategy = RotationStrategy.None } }, ct);
        await h.CreateAsync("array", new RotatingSecretSpec { SecretId = notObjectId, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, Target = keys }, ct);
        await h.CreateAsync("deep", new RotatingSecretSpec { SecretId = deepId, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, Target = keys }, ct);
        await h.CreateAsync("invalid", new RotatingSecretSpec
        {
            SecretId = invalidId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true, RandomValue = new RandomValueSpec { Field = "apiKey" } },
        }, ct);
        await h.CreateAsync("policy", new RotatingSecretSpec
        {
            SecretId = hugeId,
            Rotation = new RotationSpec
            {
                Strategy = RotationStrategy.RandomValue,
                Schedule = "cron(0 0 30 2 ? *)",
                Password = new PasswordSpec { Length = 4096, ExcludeNumbers = true, ExcludePunctuation = true, ExcludeUppercase = true, ExcludeLowercase = true },
            },
            RefreshInterval = "10s",
        }, ct);

        var mirrored = await h.WaitAsync("huge", OperatorHarness.IsReady, Within, "the 64 KB value mirrored", ct);
        var secret = await h.Secrets.GetAsync(h.Namespace, "huge", ct);
        Encoding.UTF8.GetString(secret!.Data!["password"]).Should().Be(huge, "the whole value, not a truncated one");
        mirrored.Status!.CurrentVersionId.Should().NotBeNullOrEmpty();

        foreach (var (name, reason) in new[] { ("array", "SecretNotJson"), ("deep", "SecretNotJson"), ("policy", StatusReasons.InvalidSpec) })
        {
            var refused = await h.WaitAsync(name, r => OperatorHarness.Condition(r, ConditionTypes.Ready) is { Status: "False", Reason: var why } && why == reason, Within, $"{name}: Ready=False {reason}", ct);
            OperatorHarness.Condition(refused, ConditionTypes.Ready)!.Message.Should().NotBeNullOrWhiteSpace();
            (await h.Secrets.GetAsync(h.Namespace, name, ct)).Should().BeNull($"{name}: nothing is written when the value cannot be mirrored as asked");
        }

        // Rotation refused (the field is promised in a JSON object); the value itself is still mirrored whole.
        var invalid = await h.WaitAsync("invalid", r => r.Status?.Conditions?.Any(c => c.Reason == "SecretNotJson") == true, Within, "invalid: refused as SecretNotJson", ct);
        invalid.Status!.History.Should().ContainSingle("the refusal is recorded, once").Which.Result.Should().Be(HistoryResult.Refused);
        (await h.Aws.ListSecretVersionIdsAsync(new Rotation.Aws.SecretsManager.SecretVersionsQuery(invalidId), ct)).Versions.Should().ContainSingle("no version was added");

        h.Operator.Completion.IsCompleted.Should().BeFalse("the operator keeps running");
        h.Logs.Lines.Should().NotContain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("reconcile of", StringComparison.Ordinal),
            "every problem ended in a condition, not in a failed reconcile retried with backoff");
        await h.AssertNothingLeaksAsync(markers, ct);
    }
}
