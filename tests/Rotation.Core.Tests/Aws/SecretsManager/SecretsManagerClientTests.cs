using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws.SecretsManager;

/// <summary>
/// Every operation against moto; what it left behind is read back with boto3, an independent client,
/// so a bug shared by our writer and our reader cannot hide.
/// </summary>
public sealed class SecretsManagerClientTests(TestbedFixture testbed) : IDisposable
{
    private readonly HttpClient http = new();
    private readonly InMemoryAwsCallObserver observer = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecretsManagerClient Secrets => MotoAws.SecretsManager(testbed.Moto, http, observer: observer);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Creates_and_reads_a_string_secret_that_boto3_sees()
    {
        var name = MotoAws.NewName("sm/string");
        var value = $$"""{"password":"{{Guid.NewGuid():N}}"}""";

        var created = await Secrets.CreateSecretAsync(
            new CreateSecretOptions(name) { Value = SecretPayload.FromString(value), Description = "made by a test", Tags = [new("team", "rotator")] }, Ct);
        var read = await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct);

        created.Name.Should().Be(name);
        created.Arn.Should().StartWith($"arn:aws:secretsmanager:{MotoAws.Region}:{MotoAws.Account}:secret:{name}");
        read.SecretString.Should().Be(value);
        read.VersionId.Should().Be(created.VersionId);
        read.Arn.Should().Be(created.Arn);
        read.VersionStages.Should().Contain(SecretVersionStages.Current);
        read.CreatedDate.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        var boto = await Boto3.RunAsync(testbed.Moto, """
            v = sm.get_secret_value(SecretId=args[0], VersionStage="AWSCURRENT")
            d = sm.describe_secret(SecretId=args[0])
            result = {"value": v["SecretString"], "version": v["VersionId"], "description": d.get("Description"), "tags": d.get("Tags")}
            """, name);
        ((string?)boto!["value"]).Should().Be(value);
        ((string?)boto["version"]).Should().Be(created.VersionId);
        ((string?)boto["description"]).Should().Be("made by a test");
        ((string?)boto["tags"]![0]!["Key"]).Should().Be("team");
        ((string?)boto["tags"]![0]!["Value"]).Should().Be("rotator");
    }

    [Fact]
    public async Task GetSecretValue_always_sends_a_stage_or_a_version_id()
    {
        using var handler = new InterceptingHandler();
        using var recorded = new HttpClient(handler);
        var secrets = MotoAws.SecretsManager(testbed.Moto, recorded);
        var name = MotoAws.NewName("sm/selector");
        var created = await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v") }, Ct);

        await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct);
        await secrets.GetSecretValueAsync(name, SecretVersionSelector.ById(created.VersionId!), Ct);

        var bodies = handler.Requests.Where(r => r.Target == "secretsmanager.GetSecretValue").Select(r => JsonNode.Parse(r.Body)!).ToList();
        bodies.Should().HaveCount(2);
        ((string?)bodies[0]["VersionStage"]).Should().Be("AWSCURRENT");
        bodies[0].AsObject().ContainsKey("VersionId").Should().BeFalse("nulls are left out, not sent as null");
        ((string?)bodies[1]["VersionId"]).Should().Be(created.VersionId);
        var noSelector = () => secrets.GetSecretValueAsync(name, null!, Ct);
        await noSelector.Should().ThrowAsync<ArgumentNullException>();
    }

    [Fact]
    public async Task Binary_values_travel_as_bytes()
    {
        var name = MotoAws.NewName("sm/binary");
        var first = RandomBytes();
        var second = RandomBytes();

        await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromBytes(first) }, Ct);
        var put = await Secrets.PutSecretValueAsync(name, SecretPayload.FromBytes(second), null, Guid.NewGuid().ToString(), Ct);
        var read = await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct);
        var previous = await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Previous, Ct);

        read.SecretBinary.Should().Equal(second);
        read.SecretString.Should().BeNull();
        read.VersionId.Should().Be(put.VersionId);
        previous.SecretBinary.Should().Equal(first);
        var boto = await Boto3.RunAsync(testbed.Moto, """
            result = base64.b64encode(sm.get_secret_value(SecretId=args[0], VersionStage="AWSCURRENT")["SecretBinary"]).decode()
            """, name);
        Convert.FromBase64String((string)boto!).Should().Equal(second);
    }

    [Fact]
    public async Task PutSecretValue_with_the_same_client_request_token_is_idempotent()
    {
        var name = MotoAws.NewName("sm/idempotent");
        await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("one") }, Ct);
        var token = Guid.NewGuid().ToString();

        var first = await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("two"), null, token, Ct);
        var again = await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("two"), null, token, Ct);

        first.VersionId.Should().Be(token);
        again.VersionId.Should().Be(token);
        first.VersionStages.Should().Equal(SecretVersionStages.Current);
        var versions = await Boto3.RunAsync(testbed.Moto, """
            result = {v["VersionId"]: sorted(v["VersionStages"]) for v in sm.list_secret_version_ids(SecretId=args[0], IncludeDeprecated=True)["Versions"]}
            """, name);
        versions!.AsObject().Should().HaveCount(2, "the repeated put made no third version");
        versions[token]!.AsArray().Select(s => (string?)s).Should().Equal(SecretVersionStages.Current);

        // The same token with another value is a conflict, not a silent overwrite (AWS documents this; moto
        // implements it except for versions labelled AWSPENDING, so the test uses the default label).
        var conflicting = () => Secrets.PutSecretValueAsync(name, SecretPayload.FromString("three"), null, token, Ct);
        await conflicting.Should().ThrowAsync<ResourceExistsException>();
        (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.ById(token), Ct)).SecretString.Should().Be("two");
    }

    [Fact]
    public async Task Moving_AWSCURRENT_makes_AWSPREVIOUS_follow()
    {
        var name = MotoAws.NewName("sm/stages");
        var created = await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("old") }, Ct);
        var oldVersion = created.VersionId!;
        var newVersion = Guid.NewGuid().ToString();
        await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("new"), [SecretVersionStages.Pending], newVersion, Ct);

        (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Pending, Ct)).SecretString.Should().Be("new");
        var moved = await Secrets.UpdateSecretVersionStageAsync(name, SecretVersionStages.Current, newVersion, oldVersion, Ct);
        await Secrets.UpdateSecretVersionStageAsync(name, SecretVersionStages.Pending, null, newVersion, Ct);

        moved.Name.Should().Be(name);
        var stages = await Boto3.RunAsync(testbed.Moto, """
            result = {k: sorted(v) for k, v in sm.describe_secret(SecretId=args[0])["VersionIdsToStages"].items()}
            """, name);
        stages![newVersion]!.AsArray().Select(s => (string?)s).Should().Equal(SecretVersionStages.Current);
        stages[oldVersion]!.AsArray().Select(s => (string?)s).Should().Equal(SecretVersionStages.Previous);

        (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct)).SecretString.Should().Be("new");
        (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.Previous, Ct)).VersionId.Should().Be(oldVersion);
        (await Secrets.GetSecretValueAsync(name, SecretVersionSelector.ByIdAndStage(newVersion, SecretVersionStages.Current), Ct))
            .SecretString.Should().Be("new");
    }

    [Fact]
    public async Task BatchGet_of_25_ids_chunks_by_20_and_returns_a_missing_secret_as_data()
    {
        var prefix = MotoAws.NewName("sm/batch");
        var names = Enumerable.Range(0, 24).Select(i => $"{prefix}/{i:D2}").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString($"value-{i}") }, Ct);
        }

        var missing = $"{prefix}/missing";
        var ids = names.Take(10).Append(missing).Concat(names.Skip(10)).ToList();

        var batch = await Secrets.BatchGetSecretValueAsync(ids, Ct);

        ids.Should().HaveCount(25);
        batch.Values.Should().HaveCount(24);
        batch.Values.Select(v => (v.Name, v.SecretString)).Should().BeEquivalentTo(names.Select((n, i) => (n, (string?)$"value-{i}")));
        batch.Errors.Should().ContainSingle().Which.Should().Match<SecretValueError>(e => e.SecretId == missing && e.ErrorCode == "ResourceNotFoundException");
        observer.Count("BatchGetSecretValue", AwsCallOutcomes.Success).Should().Be(2);

        var boto = await Boto3.RunAsync(testbed.Moto, """
            r = sm.batch_get_secret_value(SecretIdList=args[:20])
            result = {v["Name"]: v["SecretString"] for v in r["SecretValues"]}
            """, [.. names.Take(20)]);
        foreach (var value in batch.Values.Where(v => names.Take(20).Contains(v.Name)))
        {
            ((string?)boto![value.Name]).Should().Be(value.SecretString);
        }
    }

    [Fact]
    public async Task ListSecrets_pages_with_a_small_MaxResults_and_honours_filters_and_planned_deletion()
    {
        var prefix = MotoAws.NewName("sm/list");
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}/{i}").ToList();
        foreach (var name in names)
        {
            await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v") }, Ct);
        }

        await Secrets.DeleteSecretAsync(names[4], SecretDeletion.AfterRecoveryWindow(7), Ct);
        var query = new ListSecretsQuery { Filters = [new SecretFilter(SecretFilterKey.Name, [prefix])], MaxResults = 2 };

        var listed = await Secrets.ListAllSecretsAsync(query, Ct).ToListAsync(Ct);
        var withDeleted = await Secrets.ListAllSecretsAsync(query with { IncludePlannedDeletion = true }, Ct).ToListAsync(Ct);

        listed.Select(s => s.Name).Should().BeEquivalentTo(names.Take(4));
        withDeleted.Select(s => s.Name).Should().BeEquivalentTo(names);
        withDeleted.Single(s => s.Name == names[4]).DeletedDate.Should().NotBeNull();
        observer.Count("ListSecrets", AwsCallOutcomes.Success).Should().BeGreaterThanOrEqualTo(2 + 3, "4 and 5 entries at 2 per page");
        listed.Should().OnlyContain(s => s.VersionIdsToStages.Count == 1 && s.VersionIdsToStages.Single().Value.Contains(SecretVersionStages.Current));

        var boto = await Boto3.RunAsync(testbed.Moto, """
            r = sm.list_secrets(Filters=[{"Key": "name", "Values": [args[0]]}])
            result = sorted(s["Name"] for s in r["SecretList"])
            """, prefix);
        boto!.AsArray().Select(n => (string?)n).Should().BeEquivalentTo(listed.Select(s => s.Name));
    }

    [Fact]
    public async Task ListSecretVersionIds_matches_boto3()
    {
        var name = MotoAws.NewName("sm/versions");
        await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("1") }, Ct);
        await Secrets.PutSecretValueAsync(name, SecretPayload.FromString("2"), null, Guid.NewGuid().ToString(), Ct);

        var page = await Secrets.ListSecretVersionIdsAsync(new SecretVersionsQuery(name) { IncludeDeprecated = true }, Ct);
        var all = await Secrets.ListAllSecretVersionsAsync(new SecretVersionsQuery(name) { MaxResults = 1 }, Ct).ToListAsync(Ct);

        page.Name.Should().Be(name);
        page.NextToken.Should().BeNullOrEmpty();
        var boto = await Boto3.RunAsync(testbed.Moto, """
            result = {v["VersionId"]: sorted(v["VersionStages"]) for v in sm.list_secret_version_ids(SecretId=args[0], IncludeDeprecated=True)["Versions"]}
            """, name);
        page.Versions.Should().HaveCount(boto!.AsObject().Count);
        foreach (var version in page.Versions)
        {
            boto[version.VersionId]!.AsArray().Select(s => (string?)s).Should().BeEquivalentTo(version.VersionStages);
        }

        all.Select(v => v.VersionId).Should().BeEquivalentTo(page.Versions.Select(v => v.VersionId));
    }

    [Fact]
    public async Task DescribeSecret_reads_stages_dates_and_tags()
    {
        var name = MotoAws.NewName("sm/describe");
        var created = await Secrets.CreateSecretAsync(
            new CreateSecretOptions(name) { Value = SecretPayload.FromString("v"), Tags = [new("owner", "tests")] }, Ct);

        var description = await Secrets.DescribeSecretAsync(name, Ct);

        description.Name.Should().Be(name);
        description.Arn.Should().Be(created.Arn);
        description.VersionIdsToStages.Should().ContainKey(created.VersionId!).WhoseValue.Should().Contain(SecretVersionStages.Current);
        description.Tags.Should().Equal(new SecretTag("owner", "tests"));
        description.RotationEnabled.Should().NotBe(true);
        description.DeletedDate.Should().BeNull();
        var boto = await Boto3.RunAsync(testbed.Moto, """
            d = sm.describe_secret(SecretId=args[0])
            result = {"arn": d["ARN"], "created": d["CreatedDate"].timestamp(), "changed": d["LastChangedDate"].timestamp()}
            """, name);
        ((string?)boto!["arn"]).Should().Be(description.Arn);
        description.CreatedDate!.Value.ToUnixTimeMilliseconds().Should().BeCloseTo((long)((double)boto["created"]! * 1000), 1000);
        description.LastChangedDate!.Value.ToUnixTimeMilliseconds().Should().BeCloseTo((long)((double)boto["changed"]! * 1000), 1000);
    }

    [Fact]
    public async Task GetRandomPassword_honours_every_parameter()
    {
        var password = await Secrets.GetRandomPasswordAsync(
            new RandomPasswordOptions
            {
                PasswordLength = 40,
                ExcludeCharacters = "abcXYZ019",
                ExcludePunctuation = true,
                IncludeSpace = false,
                RequireEachIncludedType = true,
            },
            Ct);
        var lowercase = await Secrets.GetRandomPasswordAsync(
            new RandomPasswordOptions { PasswordLength = 64, ExcludeNumbers = true, ExcludeUppercase = true, ExcludePunctuation = true }, Ct);
        var uppercase = await Secrets.GetRandomPasswordAsync(
            new RandomPasswordOptions { PasswordLength = 20, ExcludeLowercase = true, ExcludeNumbers = true, ExcludePunctuation = true, IncludeSpace = false }, Ct);

        password.Should().HaveLength(40);
        password.Should().NotContainAny("a", "b", "c", "X", "Y", "Z", "0", "1", "9", " ");
        password.All(char.IsAsciiLetterOrDigit).Should().BeTrue("punctuation and spaces are excluded");
        (password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiLetterUpper))
            .Should().BeTrue("each included type is required");
        lowercase.Should().HaveLength(64);
        lowercase.All(char.IsAsciiLetterLower).Should().BeTrue();
        uppercase.Should().HaveLength(20);
        uppercase.All(char.IsAsciiLetterUpper).Should().BeTrue();
    }

    [Fact]
    public async Task RotateSecret_sets_the_schedule_and_creates_the_tokens_version()
    {
        var name = MotoAws.NewName("sm/rotate");
        await Secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v") }, Ct);
        var token = Guid.NewGuid().ToString();

        var rotated = await Secrets.RotateSecretAsync(
            name, new RotateSecretOptions { ClientRequestToken = token, RotationRules = new RotationRules { AutomaticallyAfterDays = 30 } }, Ct);
        var description = await Secrets.DescribeSecretAsync(name, Ct);

        rotated.VersionId.Should().Be(token);
        description.RotationEnabled.Should().BeTrue();
        description.RotationRules!.AutomaticallyAfterDays.Should().Be(30);
        description.NextRotationDate.Should().BeAfter(DateTimeOffset.UtcNow.AddDays(29));
        description.LastRotatedDate.Should().NotBeNull();
        var boto = await Boto3.RunAsync(testbed.Moto, """
            d = sm.describe_secret(SecretId=args[0])
            result = {"enabled": d["RotationEnabled"], "days": d["RotationRules"]["AutomaticallyAfterDays"], "versions": list(d["VersionIdsToStages"].keys())}
            """, name);
        ((bool)boto!["enabled"]!).Should().BeTrue();
        ((int)boto["days"]!).Should().Be(30);
        boto["versions"]!.AsArray().Select(v => (string?)v).Should().Contain(token);
    }

    [Fact]
    public async Task DeleteSecret_immediately_or_after_a_recovery_window()
    {
        var gone = MotoAws.NewName("sm/delete-now");
        var later = MotoAws.NewName("sm/delete-later");
        await Secrets.CreateSecretAsync(new CreateSecretOptions(gone) { Value = SecretPayload.FromString("v") }, Ct);
        await Secrets.CreateSecretAsync(new CreateSecretOptions(later) { Value = SecretPayload.FromString("v") }, Ct);

        var deleted = await Secrets.DeleteSecretAsync(gone, SecretDeletion.Immediately, Ct);
        var scheduled = await Secrets.DeleteSecretAsync(later, SecretDeletion.AfterRecoveryWindow(7), Ct);

        deleted.Name.Should().Be(gone);
        scheduled.DeletionDate.Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(7), TimeSpan.FromHours(1));
        var boto = await Boto3.RunAsync(testbed.Moto, """
            try:
                sm.describe_secret(SecretId=args[0])
                gone = "still there"
            except sm.exceptions.ResourceNotFoundException:
                gone = "not found"
            result = {"gone": gone, "deleted": str(sm.describe_secret(SecretId=args[1]).get("DeletedDate"))}
            """, gone, later);
        ((string?)boto!["gone"]).Should().Be("not found");
        ((string?)boto["deleted"]).Should().NotBe("None");
        var read = () => Secrets.GetSecretValueAsync(later, SecretVersionSelector.Current, Ct);
        await read.Should().ThrowAsync<InvalidRequestException>("a secret scheduled for deletion cannot be read");
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[48];
        Random.Shared.NextBytes(bytes);
        bytes[0] = 0; // not valid UTF-8 text on its own: it must travel as binary
        bytes[1] = 0xFF;
        return bytes;
    }
}
