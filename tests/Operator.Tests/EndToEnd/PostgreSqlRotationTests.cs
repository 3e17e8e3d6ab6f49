using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;
using static Rotator.Operator.Tests.EndToEnd.RestartAndResumeTests;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// Both PostgreSQL strategies through the operator, against the test bed's PostgreSQL over <c>tls: VerifyFull</c> with the
/// CA from <c>--postgresql-ca-file</c>: what the application sees in its Secret works, what it had before stops (single
/// user) or keeps working until the next rotation (alternating users), and a crash mid-rotation resumes the same version.
/// </summary>
public sealed class PostgreSqlRotationTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Single_user_rotates_over_verified_tls_mirrors_the_new_password_and_restarts_the_consumer()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = testbed.PostgreSql;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-pg-single", ct);
        await using var users = new PostgreSqlUsers(server);
        const string firstPassword = "Pg-single-first-0123456";
        var user = await users.CreateAsync(firstPassword, ct);
        var secretId = await h.CreateAwsSecretAsync("db", UserSecret(server, user, firstPassword).ToJsonString(), ct);
        await CreateDeploymentAsync(h, "worker", "db", ct);
        await h.StartAsync(ct, null, "--postgresql-ca-file", server.CaFile);
        await h.CreateAsync("db", Spec(secretId, RotationStrategy.PostgreSQLSingleUser), ct);
        await h.WaitAsync("db", OperatorHarness.IsReady, Within, "mirrored", ct);
        (await TemplateAnnotationAsync(h, "worker", ct)).Should().BeNull("the first mirror restarts nothing");

        await RotateNowAsync(h, "db", "first", ct);
        var rotated = await h.WaitAsync("db", r => r.Status?.History?.Count == 1 && r.Status.Restarts?.Count == 1, Within, "rotated and restarted", ct);
        rotated.Status!.History![0].Result.Should().Be(HistoryResult.Succeeded);
        var current = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        var password = (string)JsonNode.Parse(current.SecretString!)!["password"]!;
        (await MirroredAsync(h, "db", ct)).Should().Contain(new KeyValuePair<string, string>("password", password)).And.Contain(new KeyValuePair<string, string>("username", user));
        (await users.CanLogInAsync(user, password, ct)).Should().BeTrue("the mirrored password logs in");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeFalse("PostgreSQL keeps one password per role");
        (await TemplateAnnotationAsync(h, "worker", ct)).Should().Be(current.VersionId, "the consumer is restarted onto the new version");

        // The single-user window closes once the restarted consumer runs: the resource says so.
        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await RolledOutAsync(h, "worker", ct), Within, "rollout completes");
        await h.WaitAsync("db", r => OperatorHarness.Condition(r, ConditionTypes.RolloutComplete)?.Status == "True", Within, "RolloutComplete", ct);

        (await users.LogContainsAsync(firstPassword, ct)).Should().BeTrue("the test's own CREATE ROLE shows the log records every statement");
        (await users.LogContainsAsync(password, ct)).Should().BeFalse("the password reaches the server only as a SCRAM verifier");
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task Alternating_users_flip_to_the_clone_and_back_and_the_previous_user_works_until_the_next_rotation()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = testbed.PostgreSql;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-pg-alt", ct);
        await using var users = new PostgreSqlUsers(server);
        const string firstPassword = "Pg-alt-first-0123456789";
        var user = await users.CreateAsync(firstPassword, ct);
        var admin = await h.CreateAwsSecretAsync("admin", UserSecret(server, server.AdminUser, server.AdminPassword).ToJsonString(), ct);
        var value = UserSecret(server, user, firstPassword);
        value["masterarn"] = admin;
        value["team"] = "orders";
        var secretId = await h.CreateAwsSecretAsync("app", value.ToJsonString(), ct);
        await h.StartAsync(ct, null, "--postgresql-ca-file", server.CaFile);
        await h.CreateAsync("app", Spec(secretId, RotationStrategy.PostgreSQLAlternatingUsers), ct);
        (await h.WaitAsync("app", OperatorHarness.IsReady, Within, "mirrored", ct)).Status!.CurrentUsername.Should().Be(user);

        await RotateNowAsync(h, "app", "first", ct);
        await h.WaitAsync("app", r => r.Status?.CurrentUsername == user + "_clone" && r.Status.History?.Count == 1, Within, "flipped to the clone", ct);
        var clonePassword = await MirroredPasswordAsync(h, "app", secretId, user + "_clone", ct);
        (await users.CanLogInAsync(user + "_clone", clonePassword, ct)).Should().BeTrue("the mirrored credentials log in");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the previous user keeps working while consumers move over");

        await RotateNowAsync(h, "app", "second", ct);
        var back = await h.WaitAsync("app", r => r.Status?.CurrentUsername == user && r.Status.History?.Count == 2, Within, "flipped back to the original", ct);
        back.Status!.History!.Select(e => e.Result).Should().AllBeEquivalentTo(HistoryResult.Succeeded);
        var userPassword = await MirroredPasswordAsync(h, "app", secretId, user, ct);
        (await users.CanLogInAsync(user, userPassword, ct)).Should().BeTrue();
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeFalse("the next rotation changed the previous user's password");
        (await users.CanLogInAsync(user + "_clone", clonePassword, ct)).Should().BeTrue("now the clone is the previous user and keeps working");

        var fields = JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        ((string?)fields["team"]).Should().Be("orders", "fields the strategy does not own are kept");
        (await users.LogContainsAsync(clonePassword, ct) || await users.LogContainsAsync(userPassword, ct)).Should().BeFalse("no password in the statement log");
        await h.AssertNothingLeaksAsync([firstPassword, server.AdminPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task An_operator_killed_in_setSecret_resumes_the_same_version_and_the_password_it_stored_works()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = testbed.PostgreSql;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-pg-crash", ct);
        await using var users = new PostgreSqlUsers(server);
        const string firstPassword = "Pg-crash-first-01234567";
        var user = await users.CreateAsync(firstPassword, ct);
        var secretId = await h.CreateAwsSecretAsync("db", UserSecret(server, user, firstPassword).ToJsonString(), ct);
        var inSetSecret = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = new SetSecretHook(async token =>
        {
            inSetSecret.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await h.StartAsync(ct, stuck.Register, "--postgresql-ca-file", server.CaFile);
        await h.CreateAsync("db", Spec(secretId, RotationStrategy.PostgreSQLSingleUser, rotateOnCreate: true), ct);

        await inSetSecret.Task.WaitAsync(Within, ct);
        var checkpoint = (await h.RotatingSecrets.GetAsync(h.Namespace, "db", ct))!.Status!.Rotation!.VersionId;
        await h.StopAsync(); // the crash: the worker is cancelled inside setSecret, before the password changed
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("setSecret had not run yet");
        await h.StartAsync(ct, null, "--postgresql-ca-file", server.CaFile);

        var done = await h.WaitAsync("db", r => r.Status?.History?.Count == 1 && OperatorHarness.IsReady(r), Within, "resumed and finished", ct);
        done.Status!.CurrentVersionId.Should().Be(checkpoint);
        done.Status.History![0].Should().Match<RotationHistoryEntry>(e => e.VersionId == checkpoint && e.Result == HistoryResult.Succeeded);
        var versions = await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct);
        versions.Versions.Should().HaveCount(2, "the resumed rotation wrote no second version");
        versions.Versions.Should().NotContain(v => v.VersionStages.Contains(SecretVersionStages.Pending));
        (await users.CanLogInAsync(user, await MirroredPasswordAsync(h, "db", secretId, user, ct), ct)).Should().BeTrue();
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeFalse();
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    /// <summary>A secret as AWS's PostgreSQL templates read it.</summary>
    internal static JsonObject UserSecret(PostgreSqlServer server, string user, string password) =>
        new() { ["engine"] = "postgres", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = password, ["dbname"] = "postgres" };

    internal static RotatingSecretSpec Spec(string secretId, RotationStrategy strategy, bool rotateOnCreate = false) => new()
    {
        SecretId = secretId,
        Rotation = new RotationSpec { Strategy = strategy, RotateOnCreate = rotateOnCreate, Postgresql = new PostgreSqlSpec { Tls = TlsMode.VerifyFull } },
        RefreshInterval = "10s",
        Restart = new RestartSpec { Discover = true, WaitForRollout = true },
    };

    private static async Task<Dictionary<string, string>> MirroredAsync(OperatorHarness h, string name, CancellationToken ct) =>
        (await h.Secrets.GetAsync(h.Namespace, name, ct))!.Data!.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value));

    /// <summary>AWSCURRENT's password, after checking that it is for <paramref name="user"/> and the Secret <paramref name="name"/> mirrors it.</summary>
    private static async Task<string> MirroredPasswordAsync(OperatorHarness h, string name, string secretId, string user, CancellationToken ct)
    {
        var current = JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        var password = (string)current["password"]!;
        ((string?)current["username"]).Should().Be(user);
        await Eventually.HoldsAsync(
            async () => await MirroredAsync(h, name, ct) is var data && data.GetValueOrDefault("username") == user && data.GetValueOrDefault("password") == password,
            TimeSpan.FromSeconds(30), "the Secret mirrors AWSCURRENT");
        return password;
    }
}
