namespace Rotator.Testbed.Prometheus;

/// <summary>
/// Prometheus and promtool from Debian's <c>prometheus</c> package (<c>hack/testbed/prometheus.sh</c>).
/// Nothing runs until a test asks: <see cref="StartServerAsync"/> starts a server of the test's own.
/// </summary>
/// <param name="PrometheusBinary">The server, <c>/usr/bin/prometheus</c>.</param>
/// <param name="PromtoolBinary">Its companion tool, <c>/usr/bin/promtool</c>.</param>
public sealed record PrometheusTools(string PrometheusBinary, string PromtoolBinary)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(1);

    /// <summary><c>promtool check metrics</c> on <paramref name="exposition"/> (its standard input): exit 0 and no output when the exposition lints clean.</summary>
    public Task<ProcessResult> CheckMetricsAsync(string exposition, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(PromtoolBinary, ["check", "metrics"], ToolTimeout, standardInput: exposition, cancellationToken: cancellationToken);

    /// <summary><c>promtool test rules</c> on a test file; rule files it names are resolved from the test file's directory.</summary>
    public Task<ProcessResult> TestRulesAsync(string testFile, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(PromtoolBinary, ["test", "rules", testFile], ToolTimeout, cancellationToken: cancellationToken);

    /// <summary>
    /// Starts Prometheus on a free loopback port with <paramref name="configuration"/> (its YAML) and
    /// <paramref name="files"/> written beside it (rule files it names, by file name), storage in a
    /// temporary directory; returns once it answers ready.
    /// </summary>
    public Task<PrometheusServer> StartServerAsync(string configuration, IReadOnlyDictionary<string, string>? files, CancellationToken cancellationToken) =>
        PrometheusServer.StartAsync(PrometheusBinary, configuration, files ?? new Dictionary<string, string>(), cancellationToken);
}
