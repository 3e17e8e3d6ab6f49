using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>
/// Retries against moto with a fault-injecting handler in front: 5xx and throttles are retried with
/// backoff on the injected clock, and counted; when attempts run out a typed exception surfaces.
/// </summary>
public sealed class AwsTransportRetryTests(TestbedFixture testbed)
{
    private static readonly AwsClientOptions Defaults = new();

    [Fact]
    public async Task Succeeds_after_two_internal_errors_and_counts_the_retries()
    {
        var failures = 0;
        var (secrets, handler, observer, time, http) = Client(r =>
            r.Target == "secretsmanager.DescribeSecret" && Interlocked.Increment(ref failures) <= 2
                ? StubResponses.JsonError(HttpStatusCode.InternalServerError, "InternalServiceError")
                : null);
        using var _ = http;
        var name = await CreateAsync(secrets);
        var before = observer.Count("DescribeSecret");
        var started = time.Elapsed;

        var description = await secrets.DescribeSecretAsync(name, TestContext.Current.CancellationToken);

        description.Name.Should().Be(name);
        observer.Count("DescribeSecret", AwsCallOutcomes.Retried).Should().Be(2);
        observer.Count("DescribeSecret", AwsCallOutcomes.Success).Should().Be(1);
        (observer.Count("DescribeSecret") - before).Should().Be(3);
        // Backoff waited on the fake clock, within full jitter's bounds for retries 0 and 1.
        (time.Elapsed - started).Should().BeLessThanOrEqualTo(Defaults.BaseDelay * 3);
    }

    [Fact]
    public async Task Succeeds_after_three_throttles_and_counts_them()
    {
        var throttles = 0;
        var (secrets, handler, observer, _, http) = Client(r =>
            r.Target == "secretsmanager.GetSecretValue" && Interlocked.Increment(ref throttles) <= 3
                ? StubResponses.JsonError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")
                : null);
        using var __ = http;
        var name = await CreateAsync(secrets);

        var value = await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, TestContext.Current.CancellationToken);

        value.SecretString.Should().Be("v");
        observer.Count("GetSecretValue", AwsCallOutcomes.Throttled).Should().Be(3);
        observer.Count("GetSecretValue", AwsCallOutcomes.Success).Should().Be(1);
        handler.Requests.Count(r => r.Target == "secretsmanager.GetSecretValue").Should().Be(4);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_with_a_typed_exception()
    {
        var (secrets, handler, observer, _, http) = Client(r => r.Target == "secretsmanager.DescribeSecret"
            ? StubResponses.JsonError(HttpStatusCode.ServiceUnavailable, "InternalServiceError", "down")
            : r.Target == "secretsmanager.ListSecretVersionIds"
                ? StubResponses.JsonError(HttpStatusCode.TooManyRequests, "TooManyRequestsException")
                : null);
        using var _ = http;
        var name = await CreateAsync(secrets);

        var describe = () => secrets.DescribeSecretAsync(name, TestContext.Current.CancellationToken);
        (await describe.Should().ThrowAsync<InternalServiceErrorException>()).Which.HttpStatus.Should().Be(HttpStatusCode.ServiceUnavailable);
        observer.Count("DescribeSecret", AwsCallOutcomes.Retried).Should().Be(3);
        observer.Count("DescribeSecret", "InternalServiceError").Should().Be(1);

        var versions = () => secrets.ListSecretVersionIdsAsync(new SecretVersionsQuery(name), TestContext.Current.CancellationToken);
        await versions.Should().ThrowAsync<ThrottlingException>();
        observer.Count("ListSecretVersionIds", AwsCallOutcomes.Throttled).Should().Be(Defaults.MaxAttempts);
        handler.Requests.Count(r => r.Target == "secretsmanager.ListSecretVersionIds").Should().Be(Defaults.MaxAttempts);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var (secrets, handler, observer, _, http) = Client(_ => null);
        using var __ = http;

        var call = () => secrets.DescribeSecretAsync(MotoAws.NewName("absent"), TestContext.Current.CancellationToken);

        await call.Should().ThrowAsync<ResourceNotFoundException>();
        handler.Requests.Should().ContainSingle();
        observer.Count("DescribeSecret", "ResourceNotFoundException").Should().Be(1);
    }

    [Fact]
    public async Task Connection_failures_are_retried_then_surface_as_transport_errors()
    {
        // A port that was just free: nothing listens there, so every connect is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var observer = new InMemoryAwsCallObserver();
        using var http = new HttpClient();
        var secrets = MotoAws.SecretsManager(new MotoServer(new Uri($"http://127.0.0.1:{port}")), http, time: new AutoAdvancingTimeProvider(), observer: observer);

        var call = () => secrets.DescribeSecretAsync("x", TestContext.Current.CancellationToken);

        var error = (await call.Should().ThrowAsync<AwsTransportException>()).Which;
        error.Attempts.Should().Be(MotoAws.Options.MaxAttempts);
        error.TimedOut.Should().BeFalse();
        observer.Count("DescribeSecret", AwsCallOutcomes.Retried).Should().Be(MotoAws.Options.MaxAttempts - 1);
        observer.Count("DescribeSecret", AwsCallOutcomes.ConnectionError).Should().Be(1);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_per_attempt()
    {
        // Accepts connections (the kernel's backlog does) and never answers.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var observer = new InMemoryAwsCallObserver();
            using var http = new HttpClient();
            var options = MotoAws.Options with { AttemptTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 };
            var secrets = MotoAws.SecretsManager(new MotoServer(new Uri($"http://127.0.0.1:{port}")), http, options, new AutoAdvancingTimeProvider(), observer);

            var call = () => secrets.DescribeSecretAsync("x", TestContext.Current.CancellationToken);

            (await call.Should().ThrowAsync<AwsTransportException>()).Which.TimedOut.Should().BeTrue();
            observer.Count("DescribeSecret", AwsCallOutcomes.Retried).Should().Be(1);
            observer.Count("DescribeSecret", AwsCallOutcomes.Timeout).Should().Be(1);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Writes_wait_for_the_token_bucket_on_the_injected_clock()
    {
        var time = new AutoAdvancingTimeProvider();
        using var http = new HttpClient();
        var secrets = MotoAws.SecretsManager(testbed.Moto, http, MotoAws.Options with { WritesPerSecond = 2, WriteBurst = 2 }, time);
        var unlimited = MotoAws.SecretsManager(testbed.Moto, http);
        var name = await CreateAsync(unlimited);
        var ct = TestContext.Current.CancellationToken;

        var started = time.Elapsed;
        for (var i = 0; i < 6; i++)
        {
            await secrets.PutSecretValueAsync(name, SecretPayload.FromString($"v{i}"), null, Guid.NewGuid().ToString(), ct);
            // Reads do not spend the write budget.
            await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, ct);
        }

        // Two at once, then one per half second: the sixth write goes out 2 s after the first.
        (time.Elapsed - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.99)).And.BeLessThan(TimeSpan.FromSeconds(2.5));
        (await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, ct)).SecretString.Should().Be("v5");
    }

    private (SecretsManagerClient Secrets, InterceptingHandler Handler, InMemoryAwsCallObserver Observer, AutoAdvancingTimeProvider Time, HttpClient Http) Client(
        Func<RecordedRequest, HttpResponseMessage?> intercept)
    {
        var handler = new InterceptingHandler(intercept);
        var observer = new InMemoryAwsCallObserver();
        var time = new AutoAdvancingTimeProvider();
        var http = new HttpClient(handler, disposeHandler: true);
        return (MotoAws.SecretsManager(testbed.Moto, http, Defaults, time, observer), handler, observer, time, http);
    }

    private static async Task<string> CreateAsync(SecretsManagerClient secrets)
    {
        var name = MotoAws.NewName("retry");
        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v") }, TestContext.Current.CancellationToken);
        return name;
    }
}
