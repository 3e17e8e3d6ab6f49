using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Kubernetes.Config;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>
/// One connection to one API server: TLS, authentication, client-side rate limit, per-request
/// deadlines, 429 handling and error mapping. <see cref="For{T}"/> hands out typed clients.
/// </summary>
public sealed class KubernetesClient : IDisposable
{
    private static readonly ApiCall VersionCall = new("get", "version", "version");

    private readonly HttpClient http;
    private readonly KubernetesClientConfiguration configuration;
    private readonly TokenBucketRateLimiter limiter;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly IKubernetesRequestObserver observer;

    /// <param name="configuration">Where the API server is and how to authenticate.</param>
    /// <param name="options">Rate limit, deadlines, identity.</param>
    /// <param name="time">Clock of the 429 and conflict backoffs.</param>
    /// <param name="logger">Where throttling is logged.</param>
    /// <param name="observer">Told of every request attempt (the operator's metrics); null observes nothing.</param>
    public KubernetesClient(
        KubernetesClientConfiguration configuration, KubernetesClientOptions options, TimeProvider time, ILogger<KubernetesClient> logger, IKubernetesRequestObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        this.configuration = configuration;
        Options = options;
        this.time = time;
        this.logger = logger;
        this.observer = observer ?? NullKubernetesRequestObserver.Instance;
        http = new HttpClient(CreateHandler(configuration), disposeHandler: true)
        {
            BaseAddress = configuration.Server,
            // Deadlines are per request (watches stream for minutes), so the client-wide one is off.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Burst),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(options.Qps / 10)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, (int)Math.Ceiling(options.Qps / 10)) / Math.Max(options.Qps, 0.001)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public KubernetesClientOptions Options { get; }

    public KubernetesClientConfiguration Configuration => configuration;

    internal TimeProvider Time => time;

    public ResourceClient<T> For<T>(ResourceType<T> type)
        where T : class, IKubernetesObject => new(this, type);

    /// <summary>
    /// <c>GET /version</c>: the cheapest call that proves the server is reachable, its certificate is
    /// trusted and our credentials are accepted (a rejected token answers 401 even here).
    /// </summary>
    public async Task<ServerVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/version"), VersionCall, false, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, KubernetesJsonContext.Default.ServerVersion, cancellationToken)
            ?? throw new KubernetesApiException($"empty answer from {configuration.Server}version");
    }

    /// <summary>
    /// Sends a request built by <paramref name="build"/> (called again for each retry: request messages
    /// cannot be resent). Non-success answers become typed exceptions. With <paramref name="streaming"/>
    /// the response is returned as soon as headers arrive and the caller disposes it.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, ApiCall call, bool streaming, CancellationToken cancellationToken)
    {
        var (verb, resource) = (call.DescribedVerb, call.ResourceName);
        var throttled = 0;
        var reauthenticated = false;
        while (true)
        {
            using (var lease = await limiter.AcquireAsync(1, cancellationToken))
            {
                // QueueLimit is unbounded, so a lease is always granted unless cancelled.
            }

            using var request = build();
            if (configuration.Token is { } tokenSource)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokenSource.GetTokenAsync(cancellationToken));
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!streaming)
            {
                deadline.CancelAfter(Options.RequestTimeout);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                observer.OnRequest(call.Verb, call.ObservedResource, KubernetesRequestCodes.Timeout);
                throw new TimeoutException($"{verb} {resource}: no answer from {configuration.Server} within {Options.RequestTimeout}");
            }
            catch (OperationCanceledException)
            {
                observer.OnRequest(call.Verb, call.ObservedResource, KubernetesRequestCodes.Cancelled);
                throw;
            }
            catch (HttpRequestException)
            {
                observer.OnRequest(call.Verb, call.ObservedResource, KubernetesRequestCodes.Error);
                throw;
            }

            observer.OnRequest(call.Verb, call.ObservedResource, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var status = await ReadStatusAsync(response, cancellationToken);
                var retryAfter = RetryAfter(response, status);
                if (response.StatusCode == HttpStatusCode.Unauthorized && configuration.Token is { } source && !reauthenticated)
                {
                    // Expired exec-plugin token or a rotated service-account token: fetch a fresh one once.
                    source.Invalidate();
                    reauthenticated = true;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests && throttled < Options.MaxThrottleRetries)
                {
                    throttled++;
                    var wait = retryAfter ?? TimeSpan.FromSeconds(1);
                    logger.LogInformation("API server throttled {Verb} {Resource}; retrying in {Delay}", verb, resource, wait);
                    await Task.Delay(wait, time, cancellationToken);
                    continue;
                }

                throw KubernetesApiException.Create(response.StatusCode, verb, resource, status, retryAfter);
            }
        }
    }

    public void Dispose()
    {
        http.Dispose();
        limiter.Dispose();
    }

    private static async Task<Status?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length > 0 && body[0] == '{' ? JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.Status) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, Status? status)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return status?.Details?.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }

    private static SocketsHttpHandler CreateHandler(KubernetesClientConfiguration configuration)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (configuration.TlsServerName is { } serverName)
        {
            ssl.TargetHost = serverName;
        }

        if (configuration.ClientCertificate is { } certificate)
        {
            ssl.ClientCertificates = new X509CertificateCollection { certificate };
        }

        if (configuration.InsecureSkipTlsVerify)
        {
            // The user asked for it in the kubeconfig (insecure-skip-tls-verify), as kubectl honours it.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (configuration.CertificateAuthorities is { Count: > 0 } || configuration.TlsServerName is not null)
        {
            var authorities = configuration.CertificateAuthorities;
            var expectedName = configuration.TlsServerName;
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var presented = new X509Certificate2(certificate);

                // SocketsHttpHandler replaces SslOptions.TargetHost with the URL's host, so the platform
                // checks the wrong name when the kubeconfig sets tls-server-name; that name is checked here.
                var nameMatches = expectedName is null
                    ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    : presented.MatchesHostname(expectedName);
                if (!nameMatches)
                {
                    return false;
                }

                if (authorities is not { Count: > 0 })
                {
                    return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(presented);
            };
        }

        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 64,
        };
    }
}
