using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Tests.EndToEnd;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;
using Rotator.Testbed.Aws;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Operator.Tests.Iam;

/// <summary>
/// The README's IAM policy against what the operator really calls: one rotation per strategy (and a plain mirror for
/// <c>None</c>) through the operator, its Secrets Manager calls through a recording proxy in front of moto and its
/// Directory Service calls recorded by the stand-in. A strategy that calls an action the policy lacks fails, and so
/// does a documented action nothing calls unless it is listed below with the feature that needs it.
/// </summary>
public sealed class IamPolicyTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    /// <summary>Documented actions that no single rotation calls, with the feature that needs them.</summary>
    private static readonly Dictionary<string, string> NeededBeyondARotation = new(StringComparer.Ordinal)
    {
        ["secretsmanager:ListSecrets"] = "optional drift detection by listing, once 10 or more secrets of a region are refreshed (DriftDetectionTests); fewer are described",
        ["sts:AssumeRole"] = "spec.roleArn: the per-resource role is assumed for that resource's calls",
        ["sts:TagSession"] = "spec.roleArn: the assumed session carries the rotator-namespace and rotator-name tags",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_strategy_calls_only_actions_the_documented_policy_allows_and_every_documented_action_has_a_user()
    {
        var documented = DocumentedPolicy.ActionsBySid();
        var called = new Dictionary<RotationStrategy, IReadOnlySet<string>>();
        foreach (var strategy in Enum.GetValues<RotationStrategy>())
        {
            called[strategy] = await ActionsOfOneRotationAsync(strategy);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', called.Select(c => $"{c.Key}: {string.Join(", ", c.Value.Order(StringComparer.Ordinal))}")));
        called.SelectMany(c => c.Value.Where(a => !documented.ContainsKey(a)).Select(a => $"{c.Key} calls {a}"))
            .Should().BeEmpty("the README's IAM policy must allow every action a strategy calls, or the rotation fails with AccessDenied in AWS");
        NeededBeyondARotation.Keys.Should().BeSubsetOf(documented.Keys, "the list explains documented actions only");
        documented.Keys.Except(called.Values.SelectMany(a => a)).Except(NeededBeyondARotation.Keys)
            .Should().BeEmpty("an action in the policy that nothing calls should go, or be listed here (and in the README) with what needs it");
    }

    private async Task<IReadOnlySet<string>> ActionsOfOneRotationAsync(RotationStrategy strategy)
    {
        await using var proxy = AwsFaultProxy.Start(testbed.Moto.Url, new AwsFaultProxyOptions { Probability = 0 });
        await using var h = await OperatorHarness.CreateAsync(testbed, $"iam-{strategy}".ToLowerInvariant(), Ct);
        h.AwsEndpoint = proxy.Url;
        await using var mysql = new MySqlUsers(testbed.MariaDb);
        await using var postgres = new PostgreSqlUsers(testbed.PostgreSql);
        using var ldapUser = strategy == RotationStrategy.DirectoryServiceAdmin ? LdapTestUser.Create(testbed.Ldap) : null;
        await using var standIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap, "d-0123456789")]);
        h.Directory = standIn;

        var (value, rotation) = await SetUpAsync(strategy, h, mysql, postgres, ldapUser);
        var secretId = await h.CreateAwsSecretAsync("app", value.ToJsonString(), Ct);
        await h.StartAsync(Ct, null, "--postgresql-ca-file", testbed.PostgreSql.CaFile, "--ldap-ca-file", testbed.Ldap.CaFile);
        // AwsManaged rotates on request (rotate-now); the others on create.
        var request = strategy == RotationStrategy.AwsManaged ? new Dictionary<string, string> { [RequestAnnotations.RotateNow] = "now" } : null;
        await h.CreateAsync("app", new RotatingSecretSpec { SecretId = secretId, Rotation = rotation, RefreshInterval = "1h" }, Ct, request);
        if (strategy == RotationStrategy.AwsManaged)
        {
            await PlayRotationLambdaAsync(h, secretId);
        }

        await h.WaitAsync("app", r => OperatorHarness.IsReady(r) && r.Status?.Rotation is null && (strategy == RotationStrategy.None || r.Status?.LastRotationTime is not null),
            Within, $"{strategy}: rotated and mirrored", Ct);
        await h.StopAsync();
        return proxy.Calls.Select(c => $"secretsmanager:{c.Operation}")
            .Concat(standIn.Calls.Select(c => $"ds:{c.Target?[DirectoryServiceStandIn.TargetPrefix.Length..]}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The AWS secret's first value and the rotation settings of one strategy, with its database user or directory account made.</summary>
    private async Task<(JsonObject Value, RotationSpec Rotation)> SetUpAsync(
        RotationStrategy strategy, OperatorHarness h, MySqlUsers mysql, PostgreSqlUsers postgres, LdapTestUser? ldapUser)
    {
        const string password = "Iam-first-0123456789";
        var maria = testbed.MariaDb;
        var pg = testbed.PostgreSql;
        var rotation = new RotationSpec { Strategy = strategy, RotateOnCreate = strategy != RotationStrategy.AwsManaged && strategy != RotationStrategy.None };
        switch (strategy)
        {
            case RotationStrategy.MySQLSingleUser or RotationStrategy.MySQLAlternatingUsers:
                var user = await mysql.CreateAsync(password, Ct);
                var value = new JsonObject { ["engine"] = "mysql", ["host"] = maria.Host, ["port"] = maria.Port, ["username"] = user, ["password"] = password };
                if (strategy == RotationStrategy.MySQLAlternatingUsers)
                {
                    value["masterarn"] = await h.CreateAwsSecretAsync("admin",
                        new JsonObject { ["engine"] = "mysql", ["host"] = maria.Host, ["port"] = maria.Port, ["username"] = maria.AdminUser, ["password"] = maria.AdminPassword }.ToJsonString(), Ct);
                }

                return (value, rotation with { Mysql = new MySqlSpec { Tls = TlsMode.Disabled } });
            case RotationStrategy.PostgreSQLSingleUser or RotationStrategy.PostgreSQLAlternatingUsers:
                var role = PostgreSqlRotationTests.UserSecret(pg, await postgres.CreateAsync(password, Ct), password);
                if (strategy == RotationStrategy.PostgreSQLAlternatingUsers)
                {
                    role["masterarn"] = await h.CreateAwsSecretAsync("admin", PostgreSqlRotationTests.UserSecret(pg, pg.AdminUser, pg.AdminPassword).ToJsonString(), Ct);
                }

                return (role, rotation with { Postgresql = new PostgreSqlSpec { Tls = TlsMode.VerifyFull } });
            case RotationStrategy.DirectoryServiceAdmin:
                return (new JsonObject { ["directoryId"] = "d-0123456789", ["username"] = ldapUser!.Uid, ["password"] = ldapUser.Password }, rotation with
                {
                    DirectoryService = new DirectoryServiceSpec
                    {
                        Verify = new DirectoryVerifySpec { Url = testbed.Ldap.Url.ToString(), BindDn = $"uid={{username}},ou=people,{testbed.Ldap.BaseDn}" },
                    },
                });
            case RotationStrategy.RandomValue:
                return (new JsonObject { ["apiKey"] = "iam-initial-key-0123456789" }, rotation with { RandomValue = new RandomValueSpec { Field = "apiKey" } });
            default:
                return (new JsonObject { ["password"] = password }, rotation);
        }
    }

    /// <summary>AwsManaged asks AWS to rotate (RotateSecret); moto runs no Lambda, so the test plays it with its own client.</summary>
    private static async Task PlayRotationLambdaAsync(OperatorHarness h, string secretId)
    {
        var started = await h.WaitAsync("app", r => r.Status?.Rotation?.VersionId is not null, Within, "AwsManaged: RotateSecret called", Ct);
        var token = started.Status!.Rotation!.VersionId!;
        await Eventually.HoldsAsync(async () => (await h.Aws.DescribeSecretAsync(secretId, Ct)).VersionIdsToStages.ContainsKey(token), Within, "RotateSecret reached moto");
        await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("""{"password":"Iam-after-9876543210"}"""), null, Guid.NewGuid().ToString(), Ct);
    }
}
