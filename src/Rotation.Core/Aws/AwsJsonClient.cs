using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Aws;

/// <summary>
/// Calls operations of AWS JSON 1.1 services (Secrets Manager, Directory Service): <c>POST /</c> with
/// <c>X-Amz-Target</c>, SigV4-signed, source-generated JSON both ways, errors mapped to typed
/// exceptions (<see cref="AwsServiceException"/> and subclasses), retries and the write rate limit
/// from the shared <see cref="AwsTransport"/>.
/// </summary>
/// <example>
/// A service client defines its request and response records and a <c>JsonSerializerContext</c>, then:
/// <code>
/// var endpoint = AwsEndpointResolver.Resolve(AwsService.DirectoryService, AwsEndpointSettings.FromEnvironment());
/// var response = await client.SendAsync(endpoint, "ResetUserPassword", request,
///     MyJsonContext.Default.ResetUserPasswordRequest, MyJsonContext.Default.ResetUserPasswordResponse,
///     isWrite: true, cancellationToken);
/// </code>
/// </example>
public sealed class AwsJsonClient
{
    // Operations that write, whatever a caller passes: a forgotten isWrite must not bypass the write
    // budget. Secrets Manager's write quota is shared with everything else in the account.
    private static readonly FrozenSet<string> KnownWrites = new[]
    {
        "PutSecretValue", "UpdateSecretVersionStage", "RotateSecret", "CreateSecret", "DeleteSecret", "UpdateSecret",
        "ResetUserPassword",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly IAwsCredentialSource credentials;

    /// <summary>A client sharing <paramref name="transport"/> (retries, write budget, observer) with others.</summary>
    public AwsJsonClient(AwsTransport transport, IAwsCredentialSource credentials)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(credentials);
        Transport = transport;
        this.credentials = credentials;
    }

    /// <summary>A client with a transport of its own; see <see cref="AwsTransport"/> for the parameters.</summary>
    public AwsJsonClient(HttpClient http, IAwsCredentialSource credentials, AwsClientOptions? options = null, TimeProvider? time = null, IAwsCallObserver? observer = null)
        : this(new AwsTransport(http, options, time, observer), credentials)
    {
    }

    public AwsTransport Transport { get; }

    /// <summary>The same transport with other credentials, e.g. a per-resource assumed role.</summary>
    public AwsJsonClient WithCredentials(IAwsCredentialSource other) => new(Transport, other);

    /// <summary>Calls one operation whose request carries no secret; see the overload with a secret for the parameters.</summary>
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        AwsServiceEndpoint service,
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        bool isWrite,
        CancellationToken cancellationToken) =>
        SendAsync(service, operation, request, requestType, responseType, isWrite, secret: null, cancellationToken);

    /// <summary>Calls one operation.</summary>
    /// <typeparam name="TRequest">The operation's request record.</typeparam>
    /// <typeparam name="TResponse">The operation's response record.</typeparam>
    /// <param name="service">Resolved endpoint of the service (see <see cref="AwsEndpointResolver"/>).</param>
    /// <param name="operation">Operation name as in the API reference, e.g. <c>GetSecretValue</c>.</param>
    /// <param name="request">The request; null properties are left out of the JSON.</param>
    /// <param name="requestType">Source-generated metadata of <typeparamref name="TRequest"/>.</param>
    /// <param name="responseType">Source-generated metadata of <typeparamref name="TResponse"/>.</param>
    /// <param name="isWrite">Whether the call changes state and so waits for the write token bucket. Operations
    /// in the known write list (PutSecretValue, UpdateSecretVersionStage, RotateSecret, CreateSecret,
    /// DeleteSecret, UpdateSecret, ResetUserPassword) always do.</param>
    /// <param name="secret">A value the request carries (a new password, a secret string), or null: masked wherever
    /// a service message quotes it, so it never reaches an exception message or a log line built from one.</param>
    /// <param name="cancellationToken">Cancels the call, including its backoff and rate-limit waits.</param>
    /// <exception cref="AwsServiceException">The service answered with an error (after retries, for retryable ones).</exception>
    /// <exception cref="AwsTransportException">No answer on any attempt.</exception>
    /// <exception cref="AwsResponseFormatException">The answer was not the expected JSON.</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        AwsServiceEndpoint service,
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        bool isWrite,
        string? secret,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrEmpty(operation);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        byte[]? response = null;
        try
        {
            response = await Transport.SendAsync(
                service, operation, AwsJsonProtocol.ContentType, service.Target(operation), body, credentials,
                isWrite || KnownWrites.Contains(operation), (answer, content) => ReadError(answer, content, secret), cancellationToken);
            try
            {
                ReadOnlySpan<byte> json = response.Length == 0 ? "{}"u8 : response;
                return JsonSerializer.Deserialize(json, responseType)
                    ?? throw new AwsResponseFormatException($"{service.Service.EndpointPrefix}.{operation}: the response is JSON null");
            }
            catch (JsonException e)
            {
                throw new AwsResponseFormatException(
                    $"{service.Service.EndpointPrefix}.{operation}: the response is not the expected JSON ({JsonFailureLocation.Describe(e)})");
            }
        }
        finally
        {
            // Both buffers may hold secret values; don't leave them for the next heap dump.
            CryptographicOperations.ZeroMemory(body);
            if (response is not null)
            {
                CryptographicOperations.ZeroMemory(response);
            }
        }
    }

    private static AwsErrorDetails ReadError(HttpResponseMessage response, byte[] body, string? secret)
    {
        string? code = null;
        string? message = null;
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, AwsJsonContext.Default.AwsJsonError) is { } error)
            {
                code = error.Type ?? error.Code;
                message = error.Message is { } text ? SecretRedaction.Redact(text, secret) : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): the header or the HTTP status has to do.
        }

        if (code is null && response.Headers.TryGetValues(AwsJsonProtocol.ErrorTypeHeader, out var types))
        {
            code = types.FirstOrDefault();
        }

        var status = response.StatusCode;
        code = code is { Length: > 0 } ? AwsErrors.NormalizeCode(code) : Enum.IsDefined(status) ? status.ToString() : "Http" + (int)status;
        return new AwsErrorDetails(code, message, status, AwsTransport.RequestIdOf(response));
    }
}
