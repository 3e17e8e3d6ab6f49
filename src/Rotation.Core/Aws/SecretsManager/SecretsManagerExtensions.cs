using System.Runtime.CompilerServices;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>Paging over <see cref="ISecretsManager"/>'s one-page operations.</summary>
public static class SecretsManagerExtensions
{
    /// <summary>Every secret matching <paramref name="query"/>, following <c>NextToken</c> from the query's page on.</summary>
    public static async IAsyncEnumerable<SecretDescription> ListAllSecretsAsync(
        this ISecretsManager secrets, ListSecretsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(query);
        var page = query;
        while (true)
        {
            var result = await secrets.ListSecretsAsync(page, cancellationToken);
            foreach (var entry in result.Secrets)
            {
                yield return entry;
            }

            if (result.NextToken is not { Length: > 0 } next)
            {
                yield break;
            }

            page = page with { NextToken = next };
        }
    }

    /// <summary>Every version of a secret, following <c>NextToken</c>.</summary>
    public static async IAsyncEnumerable<SecretVersionEntry> ListAllSecretVersionsAsync(
        this ISecretsManager secrets, SecretVersionsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(query);
        var page = query;
        while (true)
        {
            var result = await secrets.ListSecretVersionIdsAsync(page, cancellationToken);
            foreach (var version in result.Versions)
            {
                yield return version;
            }

            if (result.NextToken is not { Length: > 0 } next)
            {
                yield break;
            }

            page = page with { NextToken = next };
        }
    }
}
