using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary><c>mysql.tls: VerifyCA</c> through the operator: the CA comes from the operator's <c>--mysql-ca-file</c>, never from a resource.</summary>
public sealed class MySqlTlsTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task VerifyCA_rotates_with_the_operators_ca_file_and_is_refused_without_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = testbed.MariaDb;
        await using var users = new MySqlUsers(server);
        const string firstPassword = "Verify-ca-first-012345";
        var user = await users.CreateAsync(firstPassword, ct);
        var spec = (string secretId) => new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.VerifyCA } },
            RefreshInterval = "10s",
        };
        var value = new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword }.ToJsonString();

        await using (var without = await OperatorHarness.CreateAsync(testbed, "e2e-tls-noca", ct))
        {
            var secretId = await without.CreateAwsSecretAsync("db", value, ct);
            await without.StartAsync(ct);
            await without.CreateAsync("db", spec(secretId), ct);
            var refused = await without.WaitAsync("db", r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.RotationRefused, Within, "refused", ct);
            OperatorHarness.Condition(refused, ConditionTypes.Rotating)!.Message.Should().Contain("--mysql-ca-file");
            (await without.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId), ct)).Versions.Should().ContainSingle("nothing was written");
            (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue();
        }

        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-tls-ca", ct);
        var id = await h.CreateAwsSecretAsync("db", value, ct);
        await h.StartAsync(ct, null, "--mysql-ca-file", server.CaFile);
        await h.CreateAsync("db", spec(id), ct);
        await h.WaitAsync("db", r => r.Status?.History?.Count == 1 && OperatorHarness.IsReady(r), Within, "rotated over verified TLS", ct);
        var rotated = (string)JsonNode.Parse((await h.Aws.GetSecretValueAsync(id, SecretVersionSelector.Current, ct)).SecretString!)!["password"]!;
        (await users.CanLogInAsync(user, rotated, ct)).Should().BeTrue();
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeFalse();
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(id, ct)], ct);
    }
}
