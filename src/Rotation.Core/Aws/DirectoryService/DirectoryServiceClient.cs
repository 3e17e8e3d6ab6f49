using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>
/// <see cref="IDirectoryService"/> over Directory Service's JSON 1.1 protocol, signed by <see cref="AwsRequestSigner"/>.
/// </summary>
/// <remarks>
/// Deliberately minimal (no retries, one request per call): it moves onto the shared AWS JSON client once that
/// exists, keeping <see cref="DirectoryServiceErrors"/> and the DTOs.
/// </remarks>
public sealed class DirectoryServiceClient : IDirectoryService
{
    /// <summary>SigV4 service name of Directory Service.</summary>
    public const string SigningName = "ds";

    private const string TargetPrefix = "DirectoryService_20150416.";

    private static readonly DirectoryServiceJsonContext Json = DirectoryServiceJsonContext.Default;

    private readonly HttpClient http;
    private readonly DirectoryServiceClientOptions options;
    private readonly AWSCredentials credentials;
    private readonly AwsRequestSigner signer = new();
    private readonly ILogger logger;

    public DirectoryServiceClient(
        HttpClient http, DirectoryServiceClientOptions options, AWSCredentials credentials, ILogger<DirectoryServiceClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        this.http = http;
        this.options = options;
        this.credentials = credentials;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task ResetUserPasswordAsync(string directoryId, string userName, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryId);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ResetUserPasswordRequest { DirectoryId = directoryId, UserName = userName, NewPassword = newPassword },
            Json.ResetUserPasswordRequest);
        try
        {
            await SendAsync("ResetUserPassword", body, newPassword, cancellationToken);
        }
        finally
        {
            // The string itself cannot be wiped; this copy at least does not outlive the call.
            CryptographicOperations.ZeroMemory(body);
        }
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
            var body = JsonSerializer.SerializeToUtf8Bytes(new DescribeDirectoriesRequest(ids, nextToken), Json.DescribeDirectoriesRequest);
            var answer = await SendAsync("DescribeDirectories", body, null, cancellationToken);
            var page = Deserialize(answer, Json.DescribeDirectoriesResponse, "DescribeDirectories");
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

    private static T Deserialize<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type)
                ?? throw new DirectoryServiceException($"Directory Service {operation} answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw new DirectoryServiceException($"Directory Service {operation} answered with JSON we cannot read.", e);
        }
    }

    /// <summary>
    /// POSTs one signed call; returns the answer's body or throws the mapped refusal. <paramref name="secret"/> is a
    /// value in the request that must not appear in any message built from the answer.
    /// </summary>
    private async Task<byte[]> SendAsync(string operation, byte[] body, string? secret, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(options.Endpoint, "/");
        var identity = await credentials.GetCredentialsAsync();
        var headers = signer.Sign(endpoint, SigningName, options.Region, TargetPrefix + operation, body, identity);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var requestId = Header(response, "x-amzn-RequestId");
        logger.LogDebug("Directory Service {Operation} answered {Status} (request {RequestId})", operation, (int)response.StatusCode, requestId);
        if (response.IsSuccessStatusCode)
        {
            return answer;
        }

        throw DirectoryServiceErrors.ToException(ReadError(operation, response.StatusCode, answer, Header(response, "x-amzn-ErrorType"), requestId, secret));
    }

    private static DirectoryServiceError ReadError(
        string operation, HttpStatusCode status, byte[] answer, string? errorTypeHeader, string? requestId, string? secret)
    {
        AwsErrorBody? error = null;
        try
        {
            error = answer.Length == 0 ? null : JsonSerializer.Deserialize(answer, Json.AwsErrorBody);
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer in HTML; the status code is all there is then.
        }

        var code = ShortErrorType(error?.Type ?? errorTypeHeader) ?? status.ToString();
        var message = SecretRedaction.Redact(error?.Message ?? string.Empty, secret);
        return new DirectoryServiceError(operation, status, code, message.Length == 0 ? "(no message)" : message, requestId);
    }

    /// <summary><c>com.amazonaws.ds#EntityDoesNotExistException</c> or <c>EntityDoesNotExistException:http://...</c> to its name.</summary>
    private static string? ShortErrorType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var start = type.LastIndexOf('#') + 1;
        var end = type.IndexOf(':', start);
        return (end < 0 ? type[start..] : type[start..end]).Trim();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
