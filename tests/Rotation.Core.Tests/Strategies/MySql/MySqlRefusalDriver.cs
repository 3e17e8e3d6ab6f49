using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// The one way the MySQL refusal tests run a case: a rotation through the real <see cref="RotationEngine"/> (or, for a
/// guard the engine's validation would reach first, one strategy step called directly), then the checks every refusal
/// must pass: the reason, a message quoting no password (outcome, step events, exception), Secrets Manager as it was
/// (labels, versions, AWSCURRENT's value), and the accounts given still logging in with their passwords.
/// </summary>
internal sealed class MySqlRefusalDriver(RotationScenario scenario)
{
    public static readonly string[] Flavors = ["mariadb", "mysql"];

    /// <summary>The hosts of the users the cases rotate.</summary>
    public static readonly string[] AnyHost = ["%"];

    public static TheoryData<string> Servers => [.. Flavors];

    /// <summary>Each server with single user (false) and alternating users (true).</summary>
    public static TheoryData<string, bool> ServersAndStrategies => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    /// <summary>A new rotation of <paramref name="secretId"/>, which the engine must refuse with <paramref name="reason"/>.</summary>
    public Task<RotationOutcome> RotationAsync(
        IRotationStrategy strategy, string secretId, string reason, params MySqlCredentials[] stillWorking) =>
        RotationAsync(strategy, secretId, reason, scenario.Secrets, null, stillWorking);

    /// <summary>
    /// A rotation through an engine over <paramref name="secrets"/>; with <paramref name="resumeVersionId"/>, the resumption
    /// of that AWSPENDING version, which the engine reports Failed (AWSPENDING kept) rather than Refused.
    /// </summary>
    public async Task<RotationOutcome> RotationAsync(
        IRotationStrategy strategy, string secretId, string reason, ISecretsManager secrets, string? resumeVersionId, params MySqlCredentials[] stillWorking)
    {
        var before = await SnapshotAsync(secretId);
        var observer = new InMemoryRotationObserver();

        var outcome = await new RotationEngine(secrets, observer).RunAsync(scenario.Request(secretId, resumeVersionId), strategy, RotationScenario.Token);

        outcome.Result.Should().Be(resumeVersionId is null ? RotationResult.Refused : RotationResult.Failed, outcome.Message);
        outcome.Reason.Should().Be(reason, outcome.Message);
        outcome.SecretId.Should().Be(secretId);
        outcome.Message.Should().NotBeNullOrWhiteSpace();
        MySqlEngineLeaks.ShouldNotContainPasswords(scenario, outcome.Message);
        MySqlEngineLeaks.ShouldNotContainPasswords(scenario, string.Join('\n', observer.Events.Select(e => e.Step.Message)));
        await ShouldBeUnchangedAsync(secretId, before, stillWorking);
        return outcome;
    }

    /// <summary>One strategy step, called directly, which must throw <see cref="RotationRefusedException"/> with <paramref name="reason"/>.</summary>
    public async Task<RotationRefusedException> StepAsync(string secretId, Func<Task> step, string reason, params MySqlCredentials[] stillWorking)
    {
        var before = await SnapshotAsync(secretId);

        var error = (await step.Should().ThrowAsync<RotationRefusedException>()).Which;

        error.Reason.Should().Be(reason, error.Message);
        scenario.ShouldNotLeak(error);
        MySqlEngineLeaks.ShouldNotContainPasswords(scenario, error.ToString());
        await ShouldBeUnchangedAsync(secretId, before, stillWorking);
        return error;
    }

    private async Task<Snapshot> SnapshotAsync(string secretId) => new(
        await scenario.StagesAsync(secretId),
        await scenario.AllVersionIdsAsync(secretId),
        await scenario.Secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, RotationScenario.Token));

    private async Task ShouldBeUnchangedAsync(string secretId, Snapshot before, MySqlCredentials[] stillWorking)
    {
        (await scenario.StagesAsync(secretId)).Should().BeEquivalentTo(before.Stages, "no label moved, none was added");
        (await scenario.AllVersionIdsAsync(secretId)).Should().BeEquivalentTo(before.Versions, "no version was stored");
        var current = await scenario.Secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, RotationScenario.Token);
        current.SecretString.Should().Be(before.Current.SecretString);
        current.SecretBinary.Should().BeEquivalentTo(before.Current.SecretBinary, o => o.WithStrictOrdering());
        foreach (var credentials in stillWorking)
        {
            (await scenario.CanLogInAsync(credentials)).Should().BeTrue($"'{credentials.UserName}' must still log in with its password");
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Stages, IReadOnlyList<string> Versions, SecretValue Current);
}
