using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Tests.EndToEnd;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;
using Rotator.Testbed.Aws;

namespace Rotator.Operator.Tests.Faults;

/// <summary>
/// The operator talks to Secrets Manager through a proxy that throttles, fails, hangs or loses the answer of
/// one call in five; every rotation must still end exactly once, with one new version and nothing left behind.
/// </summary>
public sealed class AwsFaultTests(TestbedFixture testbed)
{
    /// <summary>RandomValue secrets rotated at once; the CI smoke size, raised by <c>ROTATOR_FAULT_SECRETS</c>.</summary>
    private const int DefaultRandomSecrets = 10;

    private const int MySqlSecrets = 2;

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Every_rotation_completes_exactly_once_through_throttling_5xx_timeouts_and_dropped_responses()
    {
        var ct = TestContext.Current.CancellationToken;
        var randomSecrets = int.TryParse(Environment.GetEnvironmentVariable("ROTATOR_FAULT_SECRETS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : DefaultRandomSecrets;
        var attemptTimeout = TimeSpan.FromSeconds(2);
        await using var proxy = AwsFaultProxy.Start(testbed.Moto.Url, new AwsFaultProxyOptions { Probability = 0.2, Seed = 8, Hold = attemptTimeout + TimeSpan.FromSeconds(1) });
        await using var h = await OperatorHarness.CreateAsync(testbed, "fault-aws", ct);
        h.AwsEndpoint = proxy.Url;
        h.AwsOptions = new AwsClientOptions { AttemptTimeout = attemptTimeout };
        h.RotationRetryDelay = TimeSpan.FromSeconds(1);
        await using var users = new MySqlUsers(testbed.MariaDb);

        // Set up directly in moto: the proxy is for the operator only.
        var secrets = new List<Rotated>();
        for (var i = 0; i < randomSecrets; i++)
        {
            var value = new JsonObject { ["apiKey"] = $"initial-{Guid.NewGuid():N}", ["owner"] = "team-a" }.ToJsonString();
            secrets.Add(await SetUpAsync(h, $"key{i}", "apiKey", null, value, ct));
        }

        var server = testbed.MariaDb;
        for (var i = 0; i < MySqlSecrets; i++)
        {
            var password = $"Initial-{Guid.NewGuid():N}";
            var user = await users.CreateAsync(password, ct);
            var value = new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = password }.ToJsonString();
            secrets.Add(await SetUpAsync(h, $"db{i}", "password", user, value, ct));
        }

        await h.StartAsync(ct);
        var clock = Stopwatch.StartNew();
        foreach (var s in secrets)
        {
            var rotation = s.User is null
                ? new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true, RandomValue = new RandomValueSpec { Field = "apiKey" } }
                : new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } };
            await h.CreateAsync(s.Name, new RotatingSecretSpec { SecretId = s.SecretId, Rotation = rotation, RefreshInterval = "10s" }, ct);
        }

        foreach (var s in secrets)
        {
            await h.WaitAsync(s.Name, r => r.Status?.LastRotationTime is not null && r.Status.Rotation is null && OperatorHarness.IsReady(r), Within, $"{s.Name} rotated and mirrored", ct);
        }

        var elapsed = clock.Elapsed;
        await Task.WhenAll(secrets.Select(s => AssertRotatedOnceAsync(h, users, s, ct)));

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{randomSecrets} RandomValue + {MySqlSecrets} MySQLSingleUser rotations through the proxy in {elapsed.TotalSeconds:F1} s; " +
            $"{proxy.Calls.Count} calls: {string.Join(", ", Enum.GetValues<AwsFault>().Select(f => $"{f} {proxy.Count(f)}"))}; " +
            $"dropped PutSecretValue {proxy.Count(AwsFault.DroppedResponse, "PutSecretValue")}, UpdateSecretVersionStage {proxy.Count(AwsFault.DroppedResponse, "UpdateSecretVersionStage")}");

        // The faults really happened, including lost answers to the writes that must be idempotent.
        foreach (var fault in new[] { AwsFault.Throttling, AwsFault.ServerError, AwsFault.Timeout, AwsFault.DroppedResponse })
        {
            proxy.Count(fault).Should().BePositive($"the proxy injected {fault}");
        }

        proxy.Count(AwsFault.DroppedResponse, "PutSecretValue").Should().BePositive("a createSecret write took effect without the operator hearing of it");
        proxy.Count(AwsFault.DroppedResponse, "UpdateSecretVersionStage").Should().BePositive("a finishSecret label move took effect without the operator hearing of it");

        var canaries = await Task.WhenAll(secrets.Select(s => h.AllValuesAsync(s.SecretId, ct)));
        await h.AssertNothingLeaksAsync(canaries.SelectMany(values => values), ct);
    }

    private static async Task<Rotated> SetUpAsync(OperatorHarness h, string name, string field, string? user, string value, CancellationToken ct)
    {
        var secretId = await h.CreateAwsSecretAsync(name, value, ct);
        var initial = (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;
        return new Rotated(name, secretId, field, user, initial, (string)JsonNode.Parse(value)![field]!);
    }

    private static async Task AssertRotatedOnceAsync(OperatorHarness h, MySqlUsers users, Rotated s, CancellationToken ct)
    {
        var versions = (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(s.SecretId) { IncludeDeprecated = true }, ct)).Versions;
        versions.Should().HaveCount(2, $"{s.Name}: one rotation makes exactly one new version");
        var added = versions.Single(v => v.VersionId != s.InitialVersion);
        added.VersionStages.Should().BeEquivalentTo([SecretVersionStages.Current], $"{s.Name}: the new version is AWSCURRENT and nothing else");
        versions.Single(v => v.VersionId == s.InitialVersion).VersionStages.Should().BeEquivalentTo([SecretVersionStages.Previous], $"{s.Name}: the old version is AWSPREVIOUS");

        var status = (await h.RotatingSecrets.GetAsync(h.Namespace, s.Name, ct))!.Status!;
        status.CurrentVersionId.Should().Be(added.VersionId);
        status.History.Should().ContainSingle($"{s.Name}: one rotation in the history")
            .Which.Should().Match<RotationHistoryEntry>(e => e.VersionId == added.VersionId && e.Result == HistoryResult.Succeeded);

        // Compare values, never print them: a failure message names the secret only.
        var current = JsonNode.Parse((await h.Aws.GetSecretValueAsync(s.SecretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        var rotatedValue = (string)current[s.Field]!;
        (rotatedValue == s.InitialValue).Should().BeFalse($"{s.Name}: the value changed");
        var mirrored = (await h.Secrets.GetAsync(h.Namespace, s.Name, ct))!.Data![s.Field];
        (Encoding.UTF8.GetString(mirrored) == rotatedValue).Should().BeTrue($"{s.Name}: the mirrored Secret holds AWSCURRENT");
        if (s.User is { } user)
        {
            (await users.CanLogInAsync(user, rotatedValue, ct)).Should().BeTrue($"{s.Name}: AWSCURRENT logs in");
            (await users.CanLogInAsync(user, s.InitialValue, ct)).Should().BeFalse($"{s.Name}: the old password was replaced");
        }
    }

    /// <summary>One secret under test and what it started as.</summary>
    private sealed record Rotated(string Name, string SecretId, string Field, string? User, string InitialVersion, string InitialValue);
}
