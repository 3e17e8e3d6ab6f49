using Rotator.Rotation.Aws.Endpoints;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>
/// <see cref="IDirectoryService"/> over <see cref="AwsJsonClient"/>, for one region and one set of credentials: the same
/// signing, retries, write budget, observation and error types as Secrets Manager's calls.
/// </summary>
public sealed class DirectoryServiceClient : IDirectoryService
{
    private static readonly DirectoryServiceJsonContext Json = DirectoryServiceJsonContext.Default;

    private readonly AwsJsonClient client;
    private readonly AwsServiceEndpoint endpoint;

    /// <param name="client">The JSON client (carries transport and credentials).</param>
    /// <param name="endpoint">A Directory Service endpoint, from <see cref="AwsEndpointResolver"/>.</param>
    public DirectoryServiceClient(AwsJsonClient client, AwsServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.endpoint = AwsServiceEndpoint.Expect(endpoint, AwsService.DirectoryService);
    }

    public async Task ResetUserPasswordAsync(string directoryId, string userName, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryId);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);

        // A write, so it waits for the shared write budget; a retry after a lost answer sets the same password again.
        await client.SendAsync(
            endpoint,
            "ResetUserPassword",
            new ResetUserPasswordRequest { DirectoryId = directoryId, UserName = userName, NewPassword = newPassword },
            Json.ResetUserPasswordRequest,
            Json.ResetUserPasswordResponse,
            isWrite: true,
            secret: newPassword,
            cancellationToken);
    }

    public async Task<IReadOnlyList<DirectoryDescription>> DescribeDirectoriesAsync(
        IReadOnlyCollection<string> directoryIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directoryIds);
        var ids = directoryIds.Count == 0 ? null : directoryIds.ToArray();
        var directories = new List<DirectoryDescription>();
        string? nextToken = null;
        do
        {
            var page = await client.SendAsync(
                endpoint,
                "DescribeDirectories",
                new DescribeDirectoriesRequest(ids, nextToken),
                Json.DescribeDirectoriesRequest,
                Json.DescribeDirectoriesResponse,
                isWrite: false,
                cancellationToken);
            directories.AddRange((page.DirectoryDescriptions ?? []).Select(ToDescription));

            // A server that hands back the token it was given would page forever.
            nextToken = page.NextToken == nextToken ? null : page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return directories;
    }

    private static DirectoryDescription ToDescription(DirectoryDescriptionDto dto) => new(
        dto.DirectoryId ?? string.Empty,
        dto.Name ?? string.Empty,
        dto.ShortName,
        dto.DnsIpAddrs ?? [],
        dto.Type ?? string.Empty,
        dto.Stage ?? string.Empty);
}
