using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Benchmarks;
using Rotator.Kubernetes;

// Logs go to standard error, so standard output is only the result.
static void LogToStandardError(ILoggingBuilder logging) => logging
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(console => console.SingleLine = true)
    .AddFilter("System.Net.Http", LogLevel.Warning);

static TimeSpan Duration(ArgumentResult result)
{
    var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
    if (KubeDuration.Parse(text) is { } duration)
    {
        return duration;
    }

    result.AddError($"'{text}' is not a duration such as 10s, 500ms or 5m");
    return default;
}

var count = new Option<int>("--count") { Description = "RotatingSecret objects to load and sync", Required = true };
var namespaces = new Option<int>("--namespaces") { Description = "namespaces to spread them over", DefaultValueFactory = _ => 1 };
var concurrency = new Option<int>("--concurrency") { Description = "creates in flight while loading", DefaultValueFactory = _ => 32 };
var set = new Option<string>("--set") { Description = "label value that names this set of objects", DefaultValueFactory = _ => "informer" };
var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: in-cluster, KUBECONFIG, ~/.kube/config)" };
var context = new Option<string?>("--context") { Description = "kubeconfig context" };

var informer = new Command("informer", "Load N RotatingSecrets into the API server, then time a fresh informer's sync and measure its memory")
{
    count, namespaces, concurrency, set, kubeconfig, context,
};
informer.SetAction(async (parse, cancellationToken) =>
{
    using var loggerFactory = LoggerFactory.Create(LogToStandardError);
    var benchmark = new InformerBenchmark(
        limits => KubernetesApiFactory.Create(parse.GetValue(kubeconfig), parse.GetValue(context), limits, TimeProvider.System, loggerFactory.CreateLogger<KubernetesApi>()),
        loggerFactory);
    var result = await benchmark.RunAsync(
        new InformerBenchmarkOptions
        {
            Count = parse.GetValue(count),
            Namespaces = parse.GetValue(namespaces),
            Concurrency = parse.GetValue(concurrency),
            Set = parse.GetValue(set)!,
        },
        cancellationToken);

    Console.WriteLine($"Machine: {MachineInfo.Describe()}");
    Console.WriteLine();
    Console.WriteLine(InformerBenchmarkResult.MarkdownHeader);
    Console.WriteLine(result.ToMarkdownRow());
    if (result.StoreCount != result.Count)
    {
        await Console.Error.WriteLineAsync($"rotator-bench: the informer holds {result.StoreCount} objects, expected {result.Count}");
        return 1;
    }

    return 0;
});

var defaults = new ControllerBenchmarkOptions { AwsEndpoint = new Uri("http://127.0.0.1") };
var controllerCount = new Option<int>("--count") { Description = "RotatingSecrets (strategy None) present when the operator starts", DefaultValueFactory = _ => defaults.Count };
var newCount = new Option<int>("--new") { Description = "RotatingSecrets created one at a time while the others refresh", DefaultValueFactory = _ => defaults.New };
var newSpacing = new Option<TimeSpan>("--new-spacing") { Description = "pause between two of those creates", CustomParser = Duration, DefaultValueFactory = _ => defaults.NewSpacing };
var refresh = new Option<TimeSpan>("--refresh-interval") { Description = "the operator's --refresh-interval while measuring (at least 10s)", CustomParser = Duration, DefaultValueFactory = _ => defaults.RefreshInterval };
var idle = new Option<int>("--idle-intervals") { Description = "refresh intervals over which idle AWS calls and Kubernetes writes are counted", DefaultValueFactory = _ => defaults.IdleIntervals };
var warmUp = new Option<int>("--warm-up-intervals") { Description = "refresh intervals after the cold start that are not counted as idle", DefaultValueFactory = _ => defaults.WarmUpIntervals };
var workers = new Option<int?>("--workers") { Description = "the operator's --workers (default: its own)" };
var qps = new Option<double?>("--qps") { Description = "the operator's --qps (default: its own)" };
var burst = new Option<int?>("--burst") { Description = "the operator's --burst (default: its own)" };
var awsEndpoint = new Option<string?>("--aws-endpoint") { Description = "Secrets Manager endpoint, e.g. moto (default: AWS_ENDPOINT_URL)" };
var region = new Option<string>("--region") { Description = "AWS region", DefaultValueFactory = _ => defaults.Region };
var timeout = new Option<TimeSpan>("--timeout") { Description = "give up when the cold start takes longer", CustomParser = Duration, DefaultValueFactory = _ => defaults.Timeout };
var operatorLog = new Option<LogLevel>("--operator-log-level") { Description = "the operator's log level (its logs go to standard error)", DefaultValueFactory = _ => defaults.OperatorLogLevel };
var controllerNamespaces = new Option<int>("--namespaces") { Description = "namespaces to spread the RotatingSecrets over", DefaultValueFactory = _ => defaults.Namespaces };
var clusterWide = new Option<bool>("--cluster-wide") { Description = "run the operator cluster-wide (use a test bed of its own)" };
var operatorProcess = new Option<bool>("--operator-process") { Description = "run the operator as its own process (dotnet rotator.dll), so RSS and CPU are its alone" };
var restartOption = new Option<bool>("--restart") { Description = "after the new resources, restart the operator and measure the warm restart (time to ready and to all reconciled, writes, GetSecretValue)" };
var memoryLimit = new Option<int?>("--memory-limit") { Description = "MiB: run the operator (--operator-process) in a cgroup v1 memory group with this limit, as a pod limit (needs root)" };
var controllerKubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: KUBECONFIG, ~/.kube/config)" };
var controllerContext = new Option<string?>("--context") { Description = "kubeconfig context" };

var controller = new Command("controller", "Run the RotatingSecret controller (in process, or as its own process with --operator-process) over N mirror-only RotatingSecrets: cold start, new-resource latency, idle memory, AWS calls and Kubernetes writes per idle refresh")
{
    controllerCount, controllerNamespaces, clusterWide, operatorProcess, restartOption, memoryLimit, newCount, newSpacing, refresh, idle, warmUp, workers, qps, burst, awsEndpoint, region, timeout, operatorLog, controllerKubeconfig, controllerContext,
};
controller.SetAction(async (parse, cancellationToken) =>
{
    var endpointText = parse.GetValue(awsEndpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
    if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
    {
        await Console.Error.WriteLineAsync("rotator-bench: --aws-endpoint (or AWS_ENDPOINT_URL) must be an absolute URL: the benchmark creates and deletes secrets there");
        return 2;
    }

    using var loggerFactory = LoggerFactory.Create(LogToStandardError);
    var benchmark = new ControllerBenchmark(loggerFactory, logging => LogToStandardError(logging));
    var options = defaults with
    {
        Count = parse.GetValue(controllerCount),
        Namespaces = parse.GetValue(controllerNamespaces),
        ClusterWide = parse.GetValue(clusterWide),
        OperatorProcess = parse.GetValue(operatorProcess),
        Restart = parse.GetValue(restartOption),
        MemoryLimit = parse.GetValue(memoryLimit) is { } mib ? mib * 1024L * 1024L : null,
        New = parse.GetValue(newCount),
        NewSpacing = parse.GetValue(newSpacing),
        RefreshInterval = parse.GetValue(refresh),
        IdleIntervals = parse.GetValue(idle),
        WarmUpIntervals = parse.GetValue(warmUp),
        Workers = parse.GetValue(workers),
        Qps = parse.GetValue(qps),
        Burst = parse.GetValue(burst),
        AwsEndpoint = endpoint,
        Region = parse.GetValue(region)!,
        Timeout = parse.GetValue(timeout),
        OperatorLogLevel = parse.GetValue(operatorLog),
        Kubeconfig = parse.GetValue(controllerKubeconfig),
        Context = parse.GetValue(controllerContext),
    };
    var result = await benchmark.RunAsync(options, cancellationToken);

    Console.WriteLine($"Machine: {MachineInfo.Describe()}");
    Console.WriteLine();
    Console.Write(result.ToMarkdown());
    var quiet = result.WritesPerIdleRefresh == 0 && result.GetSecretValuePerIdleRefresh == 0;
    var restartFree = result.Restart is null || (result.Restart.Writes == 0 && result.Restart.GetSecretValue == 0);
    var survived = result.Cgroup is null || (result.Cgroup.OomKills == 0 && result.Cgroup.Alive);
    return quiet && restartFree && survived ? 0 : 1;
});

var rotationDefaults = new RotationBenchmarkOptions { AwsEndpoint = new Uri("http://127.0.0.1"), MySql = new MySqlAdmin("127.0.0.1", 3306, "root", "") };
var rotationCount = new Option<int>("--count") { Description = "MySQL alternating-users RotatingSecrets to rotate at once", DefaultValueFactory = _ => rotationDefaults.Count };
var rotationNamespaces = new Option<int>("--namespaces") { Description = "namespaces to spread them over", DefaultValueFactory = _ => rotationDefaults.Namespaces };
var dueBy = new Option<RotationDueBy>("--due-by") { Description = "Schedule: one cron slot for all; RotateNow: the rotate-now annotation on all", DefaultValueFactory = _ => rotationDefaults.DueBy };
var mysqlHost = new Option<string>("--mysql-host") { Description = "database host, as the operator reaches it (default: TESTBED_MARIADB_HOST)" };
var mysqlPort = new Option<int?>("--mysql-port") { Description = "database port (default: TESTBED_MARIADB_PORT)" };
var mysqlUser = new Option<string>("--mysql-admin-user") { Description = "admin login that creates the users (default: TESTBED_MARIADB_USER)" };
var mysqlPasswordFile = new Option<string?>("--mysql-admin-password-file") { Description = "file holding the admin password (default: TESTBED_MARIADB_PASSWORD)" };
var mysqlCa = new Option<string?>("--mysql-ca") { Description = "CA PEM that signs the server certificate; the benchmark's own connections verify it (default: TESTBED_MARIADB_CA)" };
var mysqlTls = new Option<TlsMode>("--mysql-tls") { Description = "spec.rotation.mysql.tls of the RotatingSecrets", DefaultValueFactory = _ => rotationDefaults.MySqlTls };
var rotationTimeout = new Option<TimeSpan>("--timeout") { Description = "give up when mirroring or rotating all takes longer", CustomParser = Duration, DefaultValueFactory = _ => rotationDefaults.Timeout };
var rotationKubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: KUBECONFIG, ~/.kube/config)" };
var rotationContext = new Option<string?>("--context") { Description = "kubeconfig context" };

var rotations = new Command("rotations", "N MySQL alternating-users rotations due at once, run by the operator in process: completion time, no overlap, AWS throttling and write rate, finishSecret → Secret and restart propagation")
{
    rotationCount, rotationNamespaces, dueBy, mysqlHost, mysqlPort, mysqlUser, mysqlPasswordFile, mysqlCa, mysqlTls,
    workers, qps, burst, awsEndpoint, region, rotationTimeout, operatorLog, rotationKubeconfig, rotationContext,
};
rotations.SetAction(async (parse, cancellationToken) =>
{
    var endpointText = parse.GetValue(awsEndpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
    if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
    {
        await Console.Error.WriteLineAsync("rotator-bench: --aws-endpoint (or AWS_ENDPOINT_URL) must be an absolute URL: the benchmark creates and deletes secrets there");
        return 2;
    }

    // The password comes from a file or the environment, never from the command line (process lists show it).
    var passwordFile = parse.GetValue(mysqlPasswordFile);
    var password = passwordFile is not null ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim() : Environment.GetEnvironmentVariable("TESTBED_MARIADB_PASSWORD");
    var host = parse.GetValue(mysqlHost) ?? Environment.GetEnvironmentVariable("TESTBED_MARIADB_HOST");
    var port = parse.GetValue(mysqlPort) ?? (int.TryParse(Environment.GetEnvironmentVariable("TESTBED_MARIADB_PORT"), out var p) ? p : null);
    var user = parse.GetValue(mysqlUser) ?? Environment.GetEnvironmentVariable("TESTBED_MARIADB_USER");
    if (host is null || port is null || user is null || password is null)
    {
        await Console.Error.WriteLineAsync("rotator-bench: the database needs --mysql-host, --mysql-port, --mysql-admin-user and --mysql-admin-password-file (or the test bed's TESTBED_MARIADB_* variables)");
        return 2;
    }

    using var loggerFactory = LoggerFactory.Create(LogToStandardError);
    var benchmark = new RotationBenchmark(loggerFactory, logging => LogToStandardError(logging));
    var options = rotationDefaults with
    {
        Count = parse.GetValue(rotationCount),
        Namespaces = parse.GetValue(rotationNamespaces),
        DueBy = parse.GetValue(dueBy),
        MySql = new MySqlAdmin(host, port.Value, user, password, parse.GetValue(mysqlCa) ?? Environment.GetEnvironmentVariable("TESTBED_MARIADB_CA")),
        MySqlTls = parse.GetValue(mysqlTls),
        Workers = parse.GetValue(workers),
        Qps = parse.GetValue(qps),
        Burst = parse.GetValue(burst),
        AwsEndpoint = endpoint,
        Region = parse.GetValue(region)!,
        Timeout = parse.GetValue(rotationTimeout),
        OperatorLogLevel = parse.GetValue(operatorLog),
        Kubeconfig = parse.GetValue(rotationKubeconfig),
        Context = parse.GetValue(rotationContext),
    };
    var result = await benchmark.RunAsync(options, cancellationToken);

    Console.WriteLine($"Machine: {MachineInfo.Describe()}");
    Console.WriteLine();
    Console.Write(result.ToMarkdown());
    return result.RotatedOnce == result.Count && result.Throttled == 0 ? 0 : 1;
});

var root = new RootCommand("Rotator benchmarks against a real API server") { informer, controller, rotations };
return await root.Parse(args).InvokeAsync();
