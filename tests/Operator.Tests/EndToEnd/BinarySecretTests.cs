using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// Secrets whose value is <c>SecretBinary</c>, end to end: the running operator against moto, the API server and MariaDB.
/// The bytes start with 0xff 0xfe 0x00, which no UTF-8 decoder passes through unchanged, so any decoding as text on the
/// way to the Secret shows up as a mismatch.
/// </summary>
public sealed class BinarySecretTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_binary_secret_is_mirrored_byte_for_byte_under_the_binary_key_and_keys_added_later_are_refused_leaving_the_Secret_as_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-bin", ct);
        var bytes = NotUtf8(64);
        var secretId = await h.CreateAwsSecretAsync("keystore", bytes, ct);
        await h.StartAsync(ct);
        await h.CreateAsync("keystore", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.None },
            Target = new TargetSpec { BinaryKey = "keystore.p12" },
            RefreshInterval = "10s",
        }, ct);

        var ready = await h.WaitAsync("keystore", OperatorHarness.IsReady, Within, "mirrored", ct);
        var current = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        ready.Status!.CurrentVersionId.Should().Be(current.VersionId);
        ready.Status.CurrentUsername.Should().BeNull("a binary value is never parsed for a user name");
        var mirrored = (await h.Secrets.GetAsync(h.Namespace, "keystore", ct))!;
        mirrored.Data.Should().ContainSingle().Which.Key.Should().Be("keystore.p12", "the bytes go under target.binaryKey, not 'value'");
        mirrored.Data!["keystore.p12"].Should().Equal(bytes, "binary secrets are mirrored byte for byte");

        // target.keys needs JSON fields, which bytes do not have: refused, and the Secret keeps what it had.
        await h.RotatingSecrets.PatchAsync(h.Namespace, "keystore", JsonNode.Parse("""{"spec":{"target":{"keys":{"password":"PASSWORD"}}}}""")!, V1Patch.PatchType.MergePatch, ct);
        var refused = await h.WaitAsync("keystore", r => OperatorHarness.Condition(r, ConditionTypes.Ready) is { Status: "False", Reason: "SecretNotJson" }, Within, "keys refused", ct);
        OperatorHarness.Condition(refused, ConditionTypes.Ready)!.Message.Should()
            .Contain(secretId).And.Contain(current.VersionId).And.Contain("binary (SecretBinary)").And.Contain("target.keys and target.template");
        var after = (await h.Secrets.GetAsync(h.Namespace, "keystore", ct))!;
        after.Metadata.ResourceVersion.Should().Be(mirrored.Metadata.ResourceVersion, "a refused render writes nothing");
        after.Data!["keystore.p12"].Should().Equal(bytes);

        // Keys dropped and the key renamed: the bytes move, and the old key goes (the data mirrors AWS whole).
        await h.RotatingSecrets.PatchAsync(h.Namespace, "keystore", JsonNode.Parse("""{"spec":{"target":{"keys":null,"binaryKey":"store.jks"}}}""")!, V1Patch.PatchType.MergePatch, ct);
        await h.WaitAsync("keystore", r => OperatorHarness.IsReady(r) && r.Status?.ObservedGeneration == r.Metadata.Generation, Within, "renamed key mirrored", ct);
        var renamed = (await h.Secrets.GetAsync(h.Namespace, "keystore", ct))!;
        renamed.Data.Should().ContainSingle().Which.Key.Should().Be("store.jks");
        renamed.Data!["store.jks"].Should().Equal(bytes);

        // A template on a fresh resource: refused before anything is written, so there is no Secret at all.
        await h.CreateAsync("templated", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.None },
            Target = new TargetSpec { Template = new Dictionary<string, string> { ["URL"] = "https://{{ host }}" } },
        }, ct);
        await h.WaitAsync("templated", r => OperatorHarness.Condition(r, ConditionTypes.Ready) is { Status: "False", Reason: "SecretNotJson" }, Within, "template refused", ct);
        (await h.Secrets.GetAsync(h.Namespace, "templated", ct)).Should().BeNull("nothing is written");

        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    [Fact]
    public async Task A_MySQL_strategy_given_a_binary_secret_refuses_to_rotate_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-binsql", ct);
        var server = testbed.MariaDb;
        await using var users = new MySqlUsers(server);
        const string password = "Binary-first-pass-0123456";
        var user = await users.CreateAsync(password, ct);
        // A complete, working MySQL secret, but stored as bytes: binary is never decoded, so it must not rotate.
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = password }.ToJsonString());
        var secretId = await h.CreateAwsSecretAsync("db", bytes, ct);
        var before = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        await h.StartAsync(ct);
        await h.CreateAsync("db", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Required } },
            RefreshInterval = "10s",
        }, ct);

        var refused = await h.WaitAsync("db", r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.RotationRefused, Within, "rotation refused", ct);
        var ready = OperatorHarness.Condition(refused, ConditionTypes.Ready)!;
        ready.Status.Should().Be("False");
        ready.Message.Should().Contain("(SecretNotJson)").And.Contain(secretId).And.Contain(before.VersionId)
            .And.Contain("is binary (SecretBinary)").And.Contain("needs a JSON SecretString with host, username, password");
        OperatorHarness.Condition(refused, ConditionTypes.Rotating)!.Reason.Should().Be("SecretNotJson");
        refused.Status!.History.Should().ContainSingle("a refusal is recorded, not as a rotation").Which.Result.Should().Be(HistoryResult.Refused);

        // Nothing changed: one version in AWS, still the same bytes; the user keeps its password; the mirror holds the bytes.
        var versions = await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct);
        versions.Versions.Should().ContainSingle().Which.VersionId.Should().Be(before.VersionId);
        (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretBinary.Should().Equal(bytes);
        (await users.CanLogInAsync(user, password, ct)).Should().BeTrue("the database password was not touched");
        var mirrored = await h.Secrets.GetAsync(h.Namespace, "db", ct);
        if (mirrored is not null)
        {
            mirrored.Data.Should().ContainSingle().Which.Value.Should().Equal(bytes, "the target holds AWSCURRENT as it is, if anything");
        }

        await h.AssertNothingLeaksAsync([password, Convert.ToBase64String(bytes)], ct);
    }

    [Fact]
    public async Task RandomValue_regenerates_a_binary_secret_of_the_configured_length_and_the_mirror_follows()
    {
        const int length = 300;
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-binrv", ct);
        var original = NotUtf8(16);
        var secretId = await h.CreateAwsSecretAsync("signing", original, ct);
        await h.StartAsync(ct);
        await h.CreateAsync("signing", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true, RandomValue = new RandomValueSpec { BinaryLength = length } },
            Target = new TargetSpec { BinaryKey = "signing.key" },
            RefreshInterval = "10s",
        }, ct);

        var done = await h.WaitAsync("signing", r => OperatorHarness.IsReady(r) && r.Status?.LastRotationTime is not null, Within, "rotated and mirrored", ct);
        var current = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        current.SecretString.Should().BeNull("a binary secret stays binary");
        current.SecretBinary.Should().HaveCount(length, "randomValue.binaryLength sets the new value's length").And.NotEqual(original);
        done.Status!.CurrentVersionId.Should().Be(current.VersionId);
        done.Status.History.Should().ContainSingle().Which.Result.Should().Be(HistoryResult.Succeeded);
        var versions = await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct);
        versions.Versions.Should().HaveCount(2, "one new version");

        var mirrored = (await h.Secrets.GetAsync(h.Namespace, "signing", ct))!;
        mirrored.Data.Should().ContainSingle().Which.Key.Should().Be("signing.key");
        mirrored.Data!["signing.key"].Should().Equal(current.SecretBinary);
        mirrored.Metadata.Annotations.Should().Contain(MirrorLabels.VersionId, current.VersionId);

        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    /// <summary>Random bytes that begin with a sequence no UTF-8 round trip survives (0xff and 0xfe never occur in UTF-8).</summary>
    private static byte[] NotUtf8(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        bytes[0] = 0xff;
        bytes[1] = 0xfe;
        bytes[2] = 0x00;
        return bytes;
    }
}
