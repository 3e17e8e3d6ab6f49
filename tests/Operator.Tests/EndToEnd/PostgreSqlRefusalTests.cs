using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies;
using Rotator.Testbed;
using static Rotator.Operator.Tests.EndToEnd.PostgreSqlRotationTests;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// PostgreSQL secrets the operator cannot rotate: it writes nothing to AWS, changes no password, and the resource says
/// why in the <c>Rotating</c> reason (the strategy's code) and the <c>Ready</c> message, while the Secret stays mirrored.
/// </summary>
public sealed class PostgreSqlRefusalTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Bad_input_changes_nothing_and_the_resource_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = testbed.PostgreSql;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-pg-bad", ct);
        await using var users = new PostgreSqlUsers(server);
        const string password = "Pg-refused-first-012345";
        var user = await users.CreateAsync(password, ct);

        var mysql = UserSecret(server, user, password);
        mysql["engine"] = "mysql";
        var unreachable = UserSecret(server, user, password);
        unreachable["port"] = ClosedPort();
        var cases = new (string Name, JsonObject Value, RotationStrategy Strategy, string Reason, string Names)[]
        {
            ("engine", mysql, RotationStrategy.PostgreSQLSingleUser, DatabaseRotationReasons.UnsupportedEngine, "'engine'"),
            ("nomaster", UserSecret(server, user, password), RotationStrategy.PostgreSQLAlternatingUsers, DatabaseRotationReasons.MissingField, "'masterarn'"),
            ("down", unreachable, RotationStrategy.PostgreSQLSingleUser, DatabaseRotationReasons.TargetUnreachable, $"{server.Host}:{unreachable["port"]}"),
        };
        var ids = new Dictionary<string, string>();
        foreach (var (name, value, _, _, _) in cases)
        {
            ids[name] = await h.CreateAwsSecretAsync(name, value.ToJsonString(), ct);
        }

        await h.StartAsync(ct, null, "--postgresql-ca-file", server.CaFile);
        foreach (var (name, _, strategy, _, _) in cases)
        {
            await h.CreateAsync(name, Spec(ids[name], strategy, rotateOnCreate: true), ct);
        }

        // Ready says RotationRefused on each refusing pass (rotateOnCreate asks again every refresh), so all are watched at once.
        var refusals = await Task.WhenAll(cases.Select(c => h.WaitAsync(
            c.Name, r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.RotationRefused, Within, $"{c.Name}: refused", ct)));
        foreach (var ((name, _, _, reason, names), refused) in cases.Zip(refusals))
        {
            OperatorHarness.Condition(refused, ConditionTypes.Ready)!.Message.Should().Contain(reason, name);
            var rotating = OperatorHarness.Condition(refused, ConditionTypes.Rotating)!;
            rotating.Should().Match<Condition>(c => c.Status == "False" && c.Reason == reason, name);
            rotating.Message.Should().Contain(names, $"{name}: the message names what to fix");
            refused.Status!.History.Should().OnlyContain(e => e.Result == HistoryResult.Refused, name);
            (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(ids[name]) { IncludeDeprecated = true }, ct)).Versions
                .Should().ContainSingle($"{name}: a refused rotation writes nothing to AWS");
            (await h.Secrets.GetAsync(h.Namespace, name, ct)).Should().NotBeNull($"{name}: the Secret still mirrors AWSCURRENT");
        }

        (await users.CanLogInAsync(user, password, ct)).Should().BeTrue("no password was changed");
        await h.AssertNothingLeaksAsync([password], ct);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
