using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Engine;

namespace Rotator.Rotation.Tests.Strategies;

/// <summary>The strategy on its own: no Secrets Manager needed, since it never calls it.</summary>
public sealed class RandomValueStrategyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Regenerates_only_the_configured_field_and_keeps_unknown_fields_as_they_were()
    {
        var context = Context("""{"b":1,"apiKey":"old","a":{"x":[true,null,1e3]},"text":"<it's>"}""");

        var pending = await Strategy(field: "apiKey").CreatePendingAsync(context, Ct);

        var json = JsonNode.Parse(pending.Text!)!.AsObject();
        ((string?)json["apiKey"]).Should().HaveLength(PasswordPolicy.DefaultLength).And.NotBe("old");
        json.Select(p => p.Key).Should().Equal("b", "apiKey", "a", "text");
        pending.Text.Should().Contain("\"text\":\"<it's>\"", "untouched text keeps its characters unescaped");
        JsonNode.DeepEquals(json["a"], JsonNode.Parse("""{"x":[true,null,1e3]}""")).Should().BeTrue();
    }

    [Fact]
    public async Task Validation_refuses_what_it_cannot_rotate_without_quoting_values()
    {
        (await Refusal(Context("not json: s3cr3t"), Strategy(field: "apiKey"))).Should().Match<RotationRefusedException>(
            e => e.Reason == RandomValueStrategy.SecretNotJson && !e.Message.Contains("s3cr3t"));
        (await Refusal(Context("""{"other":"s3cr3t"}"""), Strategy(field: "apiKey"))).Reason.Should().Be(RandomValueStrategy.FieldMissing);
        (await Refusal(Context("""{"apiKey":42}"""), Strategy(field: "apiKey"))).Reason.Should().Be(RandomValueStrategy.FieldNotString);
        (await Refusal(Context("""["s3cr3t"]"""), Strategy(field: "apiKey"))).Reason.Should().Be(RandomValueStrategy.SecretNotJson);
        (await Refusal(Context(bytes: [1, 2, 3]), Strategy(binaryLength: 0))).Reason.Should().Be(RandomValueStrategy.InvalidBinaryLength);
        (await Refusal(Context(bytes: [1, 2, 3]), Strategy(binaryLength: 70_000))).Reason.Should().Be(RandomValueStrategy.InvalidBinaryLength);
        await Strategy().ValidateAsync(Context("not json at all"), Ct);
    }

    [Fact]
    public async Task A_binary_length_on_a_string_secret_is_refused_rather_than_ignored()
    {
        var refused = await Refusal(Context("plain-token-s3cr3t"), Strategy(binaryLength: 32));

        refused.Reason.Should().Be(RandomValueStrategy.SecretNotBinary);
        refused.Message.Should().Contain("SecretString").And.Contain("binaryLength").And.NotContain("s3cr3t");
        await Strategy(binaryLength: 32).ValidateAsync(Context(bytes: [1, 2, 3]), Ct);
    }

    [Fact]
    public async Task Binary_values_get_the_configured_or_the_current_length()
    {
        var configured = await Strategy(binaryLength: 64).CreatePendingAsync(Context(bytes: new byte[16]), Ct);
        var kept = await Strategy().CreatePendingAsync(Context(bytes: new byte[16]), Ct);
        var empty = await Strategy().CreatePendingAsync(Context(bytes: []), Ct);

        configured.Bytes.Should().HaveCount(64);
        kept.Bytes.Should().HaveCount(16).And.NotEqual(new byte[16]);
        empty.Bytes.Should().HaveCount(RandomValueStrategy.DefaultBinaryLength);
    }

    [Fact]
    public async Task The_test_step_rejects_a_pending_value_that_is_unchanged_or_does_not_parse()
    {
        var field = Strategy(field: "apiKey");
        var whole = Strategy();
        var context = Context("""{"apiKey":"same"}""");

        await Fails(field, context with { Pending = Value("""{"apiKey":"same"}""") });
        await Fails(field, context with { Pending = Value("not json") });
        await Fails(field, context with { Pending = Value("""{"apiKey":""}""") });
        await Fails(field, context);
        await Fails(whole, Context("plain") with { Pending = Value("plain") });
        await Fails(whole, Context(bytes: [1, 2]) with { Pending = Value(bytes: [1, 2]) });
        await field.TestAsync(context with { Pending = Value("""{"apiKey":"fresh"}""") }, Ct);
        await whole.TestAsync(Context("plain") with { Pending = Value("fresher") }, Ct);
        await whole.TestAsync(Context(bytes: [1, 2]) with { Pending = Value(bytes: [3]) }, Ct);
    }

    private static async Task<RotationRefusedException> Refusal(RotationContext context, RandomValueStrategy strategy)
    {
        var validate = () => strategy.ValidateAsync(context, Ct);
        return (await validate.Should().ThrowAsync<RotationRefusedException>()).Which;
    }

    private static async Task Fails(RandomValueStrategy strategy, RotationContext context)
    {
        var test = () => strategy.TestAsync(context, Ct);
        await test.Should().ThrowAsync<RotationTestFailedException>();
    }

    private static SecretValue Value(string? text = null, byte[]? bytes = null) =>
        new() { Name = "unit/secret", VersionId = Guid.NewGuid().ToString(), SecretString = text, SecretBinary = bytes };

    private static RandomValueStrategy Strategy(string? field = null, int? binaryLength = null) =>
        new(new RandomValueSettings { Field = field, BinaryLength = binaryLength });

    private static RotationContext Context(string? text = null, byte[]? bytes = null) => new()
    {
        SecretId = "unit/secret",
        VersionId = Guid.NewGuid().ToString(),
        Current = Value(text, bytes),
        SecretsManager = new FakeSecretsManager(new SecretDescription()),
        Passwords = new PasswordGenerator(PasswordPolicy.Default),
    };
}
