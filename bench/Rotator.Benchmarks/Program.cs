using System.CommandLine;
using Microsoft.Extensions.Logging;
using Rotator.Benchmarks;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Config;

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
    // Logs go to standard error, so standard output is only the result.
    using var loggerFactory = LoggerFactory.Create(logging => logging
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddFilter("System.Net.Http", LogLevel.Warning));
    var configuration = new KubernetesConfigurationResolver(TimeProvider.System).Resolve(parse.GetValue(kubeconfig), parse.GetValue(context));
    var benchmark = new InformerBenchmark(
        limits => new KubernetesClient(configuration, limits, TimeProvider.System, loggerFactory.CreateLogger<KubernetesClient>()),
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

var root = new RootCommand("Rotator benchmarks against a real API server") { informer };
return await root.Parse(args).InvokeAsync();
