using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Kubernetes.Exec;

namespace Rotator.KubectlPlugin;

/// <summary>
/// The command line of <c>kubectl rotator</c>. Callable in process (tests): arguments in, output and
/// errors to the given writers, the exit code back.
/// </summary>
public static class PluginCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig file (default: KUBECONFIG, ~/.kube/config)", Recursive = true };
        var context = new Option<string?>("--context") { Description = "kubeconfig context", Recursive = true };
        var ns = new Option<string?>("--namespace", "-n") { Description = "namespace (default: the context's)", Recursive = true };
        var format = new Option<OutputFormat>("--output", "-o") { Description = "table, json or yaml", HelpName = "table|json|yaml", DefaultValueFactory = _ => OutputFormat.Table, Recursive = true };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "list in every namespace" };
        var name = new Argument<string>("NAME") { Description = "the RotatingSecret's name" };
        var wait = new Option<bool>("--wait") { Description = "wait until the operator handled the request and the rotation ended" };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "how long --wait waits (e.g. 30s, 5m)",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(5),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (KubeDuration.Parse(text) is { } duration)
                {
                    return duration;
                }

                result.AddError($"'{text}' is not a duration such as 30s or 5m");
                return default;
            },
        };

        Session Open(ParseResult parse)
        {
            var access = new KubernetesConfigurationResolver(time).Resolve(parse.GetValue(kubeconfig), parse.GetValue(context));
            var client = KubernetesApiFactory.Create(
                access,
                new KubernetesApiOptions { FieldManager = "kubectl-rotator", UserAgent = "kubectl-rotator/0.1", RequestTimeout = TimeSpan.FromSeconds(15), MaxThrottleRetries = 1 },
                time,
                NullLogger.Instance);
            return new Session(client, parse.GetValue(ns) ?? access.Configuration.Namespace ?? "default", parse.GetValue(format), output, error, time);
        }

        Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<Session, ParseResult, CancellationToken, Task<int>> run) => async (parse, ct) =>
        {
            try
            {
                using var session = Open(parse);
                return await run(session, parse, ct);
            }
            catch (NotFoundException e)
            {
                // A list finds nothing rather than failing, so a 404 on it means the resource type itself is missing.
                var hint = e.Verb == "list" ? " (is the RotatingSecret CRD installed in this cluster?)" : "";
                await error.WriteLineAsync($"kubectl-rotator: not found: {e.Message}{hint}");
                return ExitCodes.NotFound;
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or SocketException or KubernetesConfigurationException
                or ExecCredentialException or TimeoutException)
            {
                await error.WriteLineAsync($"kubectl-rotator: cannot talk to the API server: {e.Message}");
                return ExitCodes.Unreachable;
            }
        };

        var list = new Command("list", "List RotatingSecrets: strategy, user, readiness, last and next rotation, rollout") { allNamespaces };
        list.SetAction(Guarded((s, parse, ct) => s.ListAsync(parse.GetValue(allNamespaces), ct)));

        var status = new Command("status", "Explain a RotatingSecret's conditions in plain words, with what to do next") { name };
        status.SetAction(Guarded((s, parse, ct) => s.StatusAsync(parse.GetValue(name)!, ct)));

        var history = new Command("history", "The last rotations: version, start, finish, result, user") { name };
        history.SetAction(Guarded((s, parse, ct) => s.HistoryAsync(parse.GetValue(name)!, ct)));

        var rotate = new Command("rotate", "Request a rotation now (the rotator.io/rotate-now annotation), optionally waiting for its outcome") { name, wait, timeout };
        rotate.SetAction(Guarded((s, parse, ct) => s.RotateAsync(parse.GetValue(name)!, parse.GetValue(wait), parse.GetValue(timeout), ct)));

        var rollback = new Command("rollback", "Roll back to the AWSPREVIOUS version (the rotator.io/rollback annotation), optionally waiting for its outcome") { name, wait, timeout };
        rollback.SetAction(Guarded((s, parse, ct) => s.RollbackAsync(parse.GetValue(name)!, parse.GetValue(wait), parse.GetValue(timeout), ct)));

        var version = new Option<string?>("--version") { Description = "approve this version id (default: the one awaiting approval)" };
        var approveWait = new Option<bool>("--wait") { Description = "wait until the approved rotation ended" };
        var approve = new Command("approve", "Approve the rotation awaiting approval (spec.rotation.approval: Manual) via the rotator.io/approve annotation") { name, version, approveWait, timeout };
        approve.SetAction(Guarded((s, parse, ct) => s.ApproveAsync(parse.GetValue(name)!, parse.GetValue(version), parse.GetValue(approveWait), parse.GetValue(timeout), ct)));

        var root = new RootCommand($"kubectl rotator: inspect, rotate, approve and roll back Rotator RotatingSecrets (never reads Secrets).\n{ExitCodes.Help}")
        {
            list, status, history, rotate, rollback, approve,
        };
        root.Options.Add(kubeconfig);
        root.Options.Add(context);
        root.Options.Add(ns);
        root.Options.Add(format);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"kubectl-rotator: {parseError.Message}");
            }

            await error.WriteLineAsync("Run 'kubectl rotator --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
