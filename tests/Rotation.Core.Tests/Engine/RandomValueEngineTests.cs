using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>
/// RandomValue's contract through the engine against moto: with a field, only that field of a JSON object changes, and a
/// secret that is not such an object (not JSON, a JSON array, binary, no such field) is refused without a trace in
/// Secrets Manager; without a field, the whole SecretString is regenerated, JSON or not.
/// </summary>
public sealed class RandomValueEngineTests(TestbedFixture testbed) : IDisposable
{
    private const string Field = "apiKey";

    private readonly HttpClient http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Text a message must never quote.</summary>
    private static string Marker { get; } = $"s3cr3t-{Guid.NewGuid():N}";

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_field_on_a_secret_that_is_not_JSON_is_refused_saying_so()
    {
        var outcome = await RefusedAsync(SecretPayload.FromString($"token {Marker} with no braces"), RandomValueStrategy.SecretNotJson);

        outcome.Message.Should().Contain("not valid JSON").And.Contain($"field '{Field}' needs a JSON object");
    }

    [Fact]
    public async Task A_field_on_a_JSON_array_is_refused_saying_it_is_not_an_object()
    {
        var outcome = await RefusedAsync(SecretPayload.FromString($"""["{Marker}"]"""), RandomValueStrategy.SecretNotJson);

        outcome.Message.Should().Contain("not an object");
    }

    [Fact]
    public async Task A_field_on_a_binary_secret_is_refused_saying_it_is_not_JSON()
    {
        var outcome = await RefusedAsync(SecretPayload.FromBytes([1, 2, 3, 4]), RandomValueStrategy.SecretNotJson);

        outcome.Message.Should().Contain("binary, not JSON").And.Contain($"'{Field}'");
    }

    [Fact]
    public async Task A_JSON_object_without_the_field_is_refused_naming_it()
    {
        var outcome = await RefusedAsync(SecretPayload.FromString($$"""{"token":"{{Marker}}"}"""), RandomValueStrategy.FieldMissing);

        outcome.Message.Should().Contain($"no field '{Field}'");
    }

    [Fact]
    public async Task A_field_that_is_not_a_string_is_refused()
    {
        var outcome = await RefusedAsync(SecretPayload.FromString($$$"""{"{{{Field}}}":{"nested":"{{{Marker}}}"}}"""), RandomValueStrategy.FieldNotString);

        outcome.Message.Should().Contain($"field '{Field}'").And.Contain("not a string");
    }

    [Fact]
    public async Task The_field_of_a_JSON_object_is_regenerated_and_every_other_field_kept()
    {
        var before = $$$"""{"user":"svc","{{{Field}}}":"{{{Marker}}}","meta":{"n":[1,null,true]}}""";

        var (after, issued) = await RotatedAsync(before, Field);

        var json = JsonNode.Parse(after)!.AsObject();
        ((string?)json[Field]).Should().Be(issued);
        json.Select(p => p.Key).Should().Equal("user", Field, "meta");
        JsonNode.DeepEquals(json["meta"], JsonNode.Parse("""{"n":[1,null,true]}""")).Should().BeTrue();
        ((string?)json["user"]).Should().Be("svc");
    }

    [Theory]
    [InlineData("plain token")]
    [InlineData("""{"apiKey":"old","user":"svc"}""")]
    public async Task Without_a_field_the_whole_SecretString_is_regenerated_JSON_or_not(string before)
    {
        var (after, issued) = await RotatedAsync(before, field: null);

        after.Should().Be(issued);
    }

    [Fact]
    public async Task The_labels_predicted_after_finishSecret_are_those_DescribeSecret_answers()
    {
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var name = MotoAws.NewName("engine/after-finish");
        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("first") }, Ct);
        var engine = new RotationEngine(secrets);
        var request = new RotationRequest { SecretId = name, Passwords = new RecordingPasswords() };

        // Twice: the second rotation starts with AWSCURRENT and AWSPREVIOUS both taken, so all three labels move.
        foreach (var round in new[] { 1, 2 })
        {
            var before = await secrets.DescribeSecretAsync(name, Ct);
            var outcome = await engine.RunAsync(request with { ResumeVersionId = null }, new RandomValueStrategy(), Ct);
            outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);

            var predicted = before.AfterFinish(outcome.VersionId!, DateTimeOffset.UnixEpoch).VersionIdsToStages;
            var described = (await secrets.DescribeSecretAsync(name, Ct)).VersionIdsToStages.Where(v => v.Value.Count > 0);
            predicted.Should().BeEquivalentTo(described.ToDictionary(v => v.Key, v => v.Value), "round {0}", round);
        }
    }

    /// <summary>One rotation that must succeed; returns the new AWSCURRENT text and the one password the engine asked for.</summary>
    private async Task<(string After, string Issued)> RotatedAsync(string before, string? field)
    {
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var name = MotoAws.NewName("engine/random-value");
        var created = await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString(before) }, Ct);
        var passwords = new RecordingPasswords();

        var outcome = await new RotationEngine(secrets).RunAsync(
            new RotationRequest { SecretId = name, Passwords = passwords }, new RandomValueStrategy(new RandomValueSettings { Field = field }), Ct);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        var state = await ObservedSecret.ReadAsync(testbed.Moto, name);
        state.VersionCount.Should().Be(2);
        state.CurrentVersionId.Should().Be(outcome.VersionId);
        state.PreviousVersionId.Should().Be(created.VersionId);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull();
        (await secrets.GetSecretValueAsync(name, SecretVersionSelector.Previous, Ct)).SecretString.Should().Be(before);
        outcome.Current.Should().NotBeNull("the engine hands over the value it made current, so the operator mirrors it without reading it back");
        outcome.Current!.VersionId.Should().Be(state.CurrentVersionId);
        outcome.Current.SecretString.Should().Be(state.CurrentValue);
        outcome.ToString().Should().NotContain(passwords.Issued.Single(), "the outcome prints its value redacted");
        return (state.CurrentValue!, passwords.Issued.Single());
    }

    /// <summary>A rotation with <see cref="Field"/> set, which must be refused with <paramref name="reason"/> and change nothing.</summary>
    private async Task<RotationOutcome> RefusedAsync(SecretPayload value, string reason)
    {
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var name = MotoAws.NewName("engine/random-value-refused");
        var created = await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = value }, Ct);
        var passwords = new RecordingPasswords();

        var outcome = await new RotationEngine(secrets).RunAsync(
            new RotationRequest { SecretId = name, Passwords = passwords }, new RandomValueStrategy(new RandomValueSettings { Field = Field }), Ct);

        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.Reason.Should().Be(reason, outcome.Message);
        outcome.Message.Should().Contain(name).And.NotContain(Marker, "a refusal names the secret, never its value");
        passwords.Issued.Should().BeEmpty("nothing was generated");
        var stages = (await secrets.DescribeSecretAsync(name, Ct)).VersionIdsToStages;
        stages.Should().ContainSingle().Which.Key.Should().Be(created.VersionId);
        stages[created.VersionId!].Should().BeEquivalentTo([SecretVersionStages.Current]);
        var current = await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct);
        current.SecretString.Should().Be(value.Text);
        if (value.Bytes is { } bytes)
        {
            current.SecretBinary.Should().Equal(bytes);
        }

        return outcome;
    }
}
