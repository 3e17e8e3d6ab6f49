using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Tests.EndToEnd;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Faults;

/// <summary>The database goes away in the middle of a rotation (its own MariaDB: the shared one stays up) and comes back.</summary>
public sealed class MariaDbOutageTests(TestbedFixture testbed, DedicatedMariaDb mariaDb) : IClassFixture<DedicatedMariaDb>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Alternating_users_rotation_interrupted_by_a_MariaDB_outage_resumes_once_and_consumers_keep_working()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = mariaDb.Server;
        await using var h = await OperatorHarness.CreateAsync(testbed, "fault-db", ct);
        // Short, so retries run during the outage and after it, well before the fifth failure abandons the rotation.
        h.RotationRetryDelay = TimeSpan.FromSeconds(2);
        await using var users = new MySqlUsers(server);
        var firstPassword = $"Outage-{Guid.NewGuid():N}";
        var user = await users.CreateAsync(firstPassword, ct);
        var admin = await h.CreateAwsSecretAsync("admin",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = server.AdminUser, ["password"] = server.AdminPassword }.ToJsonString(), ct);
        var secretId = await h.CreateAwsSecretAsync("app",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword, ["masterarn"] = admin }.ToJsonString(), ct);
        var initialVersion = (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;

        // MariaDB goes down after createSecret stored AWSPENDING, just before the first setSecret reaches it.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outage = new SetSecretHook(async _ =>
        {
            if (!stopped.Task.IsCompleted)
            {
                await mariaDb.StopAsync();
                stopped.TrySetResult();
            }
        });
        await h.StartAsync(ct, outage.Register);
        await h.CreateAsync("app", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            RefreshInterval = "10s",
        }, ct);
        await stopped.Task.WaitAsync(Within, ct);

        // While it is down: the rotation is retried (a second attempt failed too), nothing moved, consumers keep the old credential.
        var retrying = await h.WaitAsync("app", r => r.Status?.Rotation is { Attempts: >= 2, LastError: not null }
            && OperatorHarness.Condition(r, ConditionTypes.Rotating) is { Status: "True", Reason: StatusReasons.RetryingRotation }, Within, "rotation retried during the outage", ct);
        var rotation = retrying.Status!.Rotation!;
        var pending = rotation.VersionId!;
        rotation.Step.Should().Be(Rotation.Engine.RotationStepNames.SetSecret);
        var labels = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        labels[initialVersion].Should().Contain(SecretVersionStages.Current, "AWSCURRENT does not move while setSecret cannot run");
        labels[pending].Should().Equal([SecretVersionStages.Pending]);
        retrying.Status.CurrentVersionId.Should().Be(initialVersion);
        (await MirroredPasswordAsync(h, ct) == firstPassword).Should().BeTrue("the mirrored Secret still holds the first password");

        await mariaDb.StartAsync();
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the consumers' credential survived the outage");

        var done = await h.WaitAsync("app", r => r.Status is { Rotation: null, LastRotationTime: not null } && OperatorHarness.IsReady(r), Within, "rotation finished after the restart", ct);
        done.Status!.History.Should().ContainSingle("one rotation, however many attempts")
            .Which.Should().Match<RotationHistoryEntry>(e => e.VersionId == pending && e.Result == HistoryResult.Succeeded);
        done.Status.CurrentVersionId.Should().Be(pending, "the resumed rotation kept its version id");
        done.Status.CurrentUsername.Should().Be(user + "_clone");

        var versions = (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct)).Versions;
        versions.Should().HaveCount(2, "exactly one new version");
        versions.Single(v => v.VersionId == pending).VersionStages.Should().Equal([SecretVersionStages.Current]);
        versions.Single(v => v.VersionId == initialVersion).VersionStages.Should().Equal([SecretVersionStages.Previous]);

        var current = JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        var newPassword = (string)current["password"]!;
        ((string?)current["username"]).Should().Be(user + "_clone");
        (await users.CanLogInAsync(user + "_clone", newPassword, ct)).Should().BeTrue("AWSCURRENT logs in");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the previous user keeps working until the next rotation");
        (await MirroredPasswordAsync(h, ct) == newPassword).Should().BeTrue("the mirrored Secret holds AWSCURRENT");
        await h.AssertNothingLeaksAsync([firstPassword, server.AdminPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    private static async Task<string> MirroredPasswordAsync(OperatorHarness h, CancellationToken ct) =>
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "app", ct))!.Data!["password"]);
}
