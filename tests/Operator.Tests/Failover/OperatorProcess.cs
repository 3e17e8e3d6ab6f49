using System.Diagnostics;
using System.Globalization;
using Rotator.Operator.Tests.Hosting;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// One replica of the built operator (<c>dotnet rotator.dll</c>, the same file the image ships) as a
/// real child process: its own runtime, heap and sockets, so <see cref="Kill"/> is a real SIGKILL in
/// the middle of whatever it was doing. Its log lines are kept for failure messages.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private const int KeptLines = 400;
    private readonly Process process;
    private readonly Queue<string> lines = new();

    private OperatorProcess(string podName, Process process, Uri listen)
    {
        PodName = podName;
        this.process = process;
        Listen = listen;
    }

    /// <summary>POD_NAME; the Lease identity is this plus <c>_</c> and a random suffix.</summary>
    public string PodName { get; }

    public Uri Listen { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public bool WasKilled { get; private set; }

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Whether one of the kept log lines contains <paramref name="text"/>.</summary>
    public bool Logged(string text)
    {
        lock (lines)
        {
            return lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public static OperatorProcess Start(string podName, OperatorProcessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var listen = new Uri($"http://127.0.0.1:{OperatorProcessTests.FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["POD_NAMESPACE"] = settings.Namespace,
                ["POD_NAME"] = podName,
                // The standard AWS environment, as a user outside AWS would point it at another endpoint.
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = "testing",
                ["AWS_SECRET_ACCESS_KEY"] = "testing",
                ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = settings.AwsEndpoint.ToString(),
                // One line per rotation step would push leader election and informer lines out of the kept tail.
                ["ROTATOR_Logging__LogLevel__Rotator.Operator.Controllers"] = "Warning",
            },
        };
        foreach (var (name, value) in settings.Environment)
        {
            info.Environment[name] = value;
        }

        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "rotator.dll"),
            "--kubeconfig", settings.Kube.UserKubeconfig,
            "--namespaces", settings.Namespace,
            "--listen", listen.ToString().TrimEnd('/'),
            .. settings.Arguments,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var started = new OperatorProcess(podName, process, listen);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>SIGKILL: no lease release, no graceful stop, requests cut mid-flight.</summary>
    public void Kill()
    {
        WasKilled = true;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>Peak resident set size (<c>VmHWM</c>) in KiB, read from <c>/proc</c>; null once it exited.</summary>
    public long? PeakRssKib()
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The last lines it logged (the operator never logs secret values).</summary>
    public string Tail(int count = 40)
    {
        lock (lines)
        {
            return $"--- {PodName} (pid {process.Id}, {(process.HasExited ? $"exited {process.ExitCode}" : "running")}) ---\n" + string.Join('\n', lines.TakeLast(count));
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }
        }
    }
}
