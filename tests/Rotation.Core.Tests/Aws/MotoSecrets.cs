using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>Secrets in moto as rotation tests arrange and check them: create, read, labels, versions, and the shape of a finished rotation.</summary>
internal sealed class MotoSecrets(ISecretsManager secrets)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public Task<SecretVersionReference> CreateAsync(string prefix, JsonObject value) =>
        secrets.CreateSecretAsync(new CreateSecretOptions(MotoAws.NewName($"rotator-test/{prefix}")) { Value = SecretPayload.FromString(value.ToJsonString()) }, Token);

    public async Task<JsonObject> JsonAsync(string secretId, SecretVersionSelector version) =>
        SecretJson.ParseObject(await secrets.GetSecretValueAsync(secretId, version, Token));

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> StagesAsync(string secretId) =>
        (await secrets.DescribeSecretAsync(secretId, Token)).VersionIdsToStages;

    /// <summary>Every version id, unlabelled ones included.</summary>
    public async Task<IReadOnlyList<string>> AllVersionIdsAsync(string secretId)
    {
        var ids = new List<string>();
        await foreach (var version in secrets.ListAllSecretVersionsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, Token))
        {
            ids.Add(version.VersionId);
        }

        return ids;
    }

    /// <summary>The <c>password</c> field of every version of the secret, unlabelled ones included.</summary>
    public async Task<IReadOnlyList<string>> AllPasswordsAsync(string secretId)
    {
        var passwords = new List<string>();
        foreach (var id in await AllVersionIdsAsync(secretId))
        {
            if ((await JsonAsync(secretId, SecretVersionSelector.ById(id)))["password"] is JsonValue password)
            {
                passwords.Add(password.GetValue<string>());
            }
        }

        return passwords;
    }

    /// <summary>
    /// After one finished rotation to <paramref name="newVersion"/>: exactly one version more than <paramref name="before"/>,
    /// AWSCURRENT on it, AWSPREVIOUS on <paramref name="oldVersion"/>, AWSPENDING nowhere, and every field but username and
    /// password as it was, in the same order.
    /// </summary>
    public async Task ShouldHaveRotatedAsync(string secretId, IReadOnlyList<string> before, string oldVersion, string newVersion)
    {
        (await AllVersionIdsAsync(secretId)).Should().BeEquivalentTo([.. before, newVersion], "exactly one new version");
        var stages = await StagesAsync(secretId);
        stages[newVersion].Should().BeEquivalentTo([SecretVersionStages.Current]);
        stages[oldVersion].Should().BeEquivalentTo([SecretVersionStages.Previous]);
        stages.Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending));

        var old = await JsonAsync(secretId, SecretVersionSelector.ById(oldVersion));
        var current = await JsonAsync(secretId, SecretVersionSelector.Current);
        current.Select(p => p.Key).Should().Equal(old.Select(p => p.Key), "no field is added, dropped or reordered");
        foreach (var (key, value) in old.Where(p => p.Key is not ("username" or "password")))
        {
            JsonNode.DeepEquals(current[key], value).Should().BeTrue($"field '{key}' is kept as it was");
        }
    }
}
