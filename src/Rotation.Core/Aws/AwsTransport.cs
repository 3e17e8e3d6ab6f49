using System.Net;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Aws;

/// <summary>
/// The protocol-independent half of every AWS call: signing, per-attempt deadline, retries with full
/// jitter, the write rate limit and observation. One instance is shared by every client of the
/// process (all credentials, all regions) so the write budget is one budget.
/// </summary>
/// <remarks>Request and response bodies are never logged or put into exceptions here.</remarks>
public sealed class AwsTransport
{
    private readonly HttpClient http;
    private readonly AwsRequestSigner signer = new();
    private readonly TimeProvider time;
    private readonly FullJitterBackoff backoff;
    private readonly TokenBucket writes;

    /// <param name="http">The HTTP client to send with; not disposed by us. Its own <c>Timeout</c> should not be shorter than <see cref="AwsClientOptions.AttemptTimeout"/>.</param>
    /// <param name="options">Retry, timeout and rate-limit settings; defaults when null.</param>
    /// <param name="time">Clock for backoff and the write rate limit; the system clock when null.</param>
    /// <param name="observer">Sees every attempt; nothing when null.</param>
    /// <param name="jitter">Randomness of the backoff; <see cref="Random.Shared"/> when null.</param>
    public AwsTransport(HttpClient http, AwsClientOptions? options = null, TimeProvider? time = null, IAwsCallObserver? observer = null, Random? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;
        Options = options ?? new AwsClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Options.AttemptTimeout, TimeSpan.Zero, nameof(options));
        this.time = time ?? TimeProvider.System;
        Observer = observer ?? NullAwsCallObserver.Instance;
        backoff = new FullJitterBackoff(Options.MaxDelay, jitter);
        writes = new TokenBucket(Options.WritesPerSecond, Options.WriteBurst, this.time);
    }

    public AwsClientOptions Options { get; }

    public IAwsCallObserver Observer { get; }

    /// <summary>Sends one call, retrying what is worth retrying; returns the body of a 2xx answer.</summary>
    /// <param name="endpoint">Where and as which service.</param>
    /// <param name="operation">Operation name, for the target header, observation and messages.</param>
    /// <param name="contentType">Content type of <paramref name="body"/>.</param>
    /// <param name="target"><c>X-Amz-Target</c> for JSON protocols, null for Query.</param>
    /// <param name="body">Request body; sent unchanged on every attempt.</param>
    /// <param name="credentials">Asked before every attempt, so refreshed credentials are picked up by retries.</param>
    /// <param name="isWrite">Whether the call takes a token from the write bucket (on every attempt: retries spend quota too).</param>
    /// <param name="readError">Reads a non-2xx answer into an error code and message (protocol-specific).</param>
    /// <param name="cancellationToken">Cancels waiting, backoff and the attempt in flight.</param>
    internal async Task<byte[]> SendAsync(
        AwsServiceEndpoint endpoint,
        string operation,
        string contentType,
        string? target,
        byte[] body,
        IAwsCredentialSource credentials,
        bool isWrite,
        Func<HttpResponseMessage, byte[], AwsErrorDetails> readError,
        CancellationToken cancellationToken)
    {
        var service = endpoint.Service.EndpointPrefix;
        for (var attempt = 1; ; attempt++)
        {
            if (isWrite)
            {
                await writes.WaitAsync(cancellationToken);
            }

            var signingCredentials = await credentials.GetCredentialsAsync(cancellationToken);
            using var request = BuildRequest(endpoint, contentType, target, body, signingCredentials);
            var started = time.GetTimestamp();
            var result = await SendOnceAsync(request, readError, cancellationToken);
            var duration = time.GetElapsedTime(started);
            var last = attempt >= Options.MaxAttempts;

            if (result.Body is { } success)
            {
                Observer.OnAttempt(service, operation, AwsCallOutcomes.Success, duration);
                return success;
            }

            if (result.Error is { } error)
            {
                var throttled = AwsErrors.IsThrottling(error);
                if (!last && (throttled || AwsErrors.IsTransient(error)))
                {
                    Observer.OnAttempt(service, operation, throttled ? AwsCallOutcomes.Throttled : AwsCallOutcomes.Retried, duration);
                    await Task.Delay(backoff.Delay(throttled ? Options.ThrottlingBaseDelay : Options.BaseDelay, attempt - 1), time, cancellationToken);
                    continue;
                }

                Observer.OnAttempt(service, operation, throttled ? AwsCallOutcomes.Throttled : error.Code, duration);
                throw AwsErrors.Create(service, operation, error);
            }

            var failure = result.TransportFailure!;
            if (!last)
            {
                Observer.OnAttempt(service, operation, AwsCallOutcomes.Retried, duration);
                await Task.Delay(backoff.Delay(Options.BaseDelay, attempt - 1), time, cancellationToken);
                continue;
            }

            Observer.OnAttempt(service, operation, result.TimedOut ? AwsCallOutcomes.Timeout : AwsCallOutcomes.ConnectionError, duration);
            throw new AwsTransportException(service, operation, endpoint.Url, attempt, result.TimedOut, failure);
        }
    }

    /// <summary>The request id AWS puts on every answer, success or not.</summary>
    internal static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AwsJsonProtocol.RequestIdHeader, out var values) ? values.FirstOrDefault()
        : response.Headers.TryGetValues("x-amz-request-id", out var other) ? other.FirstOrDefault()
        : null;

    private HttpRequestMessage BuildRequest(AwsServiceEndpoint endpoint, string contentType, string? target, byte[] body, AwsCredentials credentials)
    {
        // Signed per attempt: X-Amz-Date must be fresh and the credentials may have been refreshed.
        var headers = signer.Sign(endpoint.Url, endpoint.SigningName, endpoint.Region, contentType, target, body, credentials);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Url, "/")) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                // Without validation: the exact signed string goes out, not a re-formatted one.
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                // Host and Content-Length come from the HTTP stack, with the same values the signer saw.
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        return request;
    }

    private async Task<AwsAttemptResult> SendOnceAsync(
        HttpRequestMessage request, Func<HttpResponseMessage, byte[], AwsErrorDetails> readError, CancellationToken cancellationToken)
    {
        // A network deadline is about the real socket, so it runs on the wall clock even when tests fake time.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.AttemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var content = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return new AwsAttemptResult(content, null, null, false);
            }

            return new AwsAttemptResult(null, readError(response, content), null, false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new AwsAttemptResult(null, null, e, true);
        }
        catch (HttpRequestException e)
        {
            return new AwsAttemptResult(null, null, e, false);
        }
        catch (IOException e)
        {
            return new AwsAttemptResult(null, null, e, false);
        }
    }
}
