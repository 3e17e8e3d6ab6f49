using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Rotator.Testbed.Prometheus;

/// <summary>
/// A Prometheus server of one test: loopback only, a free port, its storage in a temporary directory
/// that goes with it. Started by <see cref="PrometheusTools.StartServerAsync"/>.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly DirectoryInfo directory;
    private readonly StringBuilder log;
    private readonly HttpClient http;

    private PrometheusServer(Process process, DirectoryInfo directory, StringBuilder log, Uri url)
    {
        this.process = process;
        this.directory = directory;
        this.log = log;
        Url = url;
        http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    /// <summary>What the server logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    internal static async Task<PrometheusServer> StartAsync(string binary, string configuration, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("rotator-prometheus.");
        foreach (var (name, content) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, name), content, cancellationToken);
        }

        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, configuration, cancellationToken);
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.FullName,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
            $"--web.listen-address={url.Host}:{url.Port}",
            "--log.level=warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, log, url);
        try
        {
            await server.WaitReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query through <c>/api/v1/query</c>; the vector it returns (a scalar is one sample without labels).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        using var document = await GetDataAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);
        var data = document.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        if (data.GetProperty("resultType").GetString() is "scalar")
        {
            return [new PrometheusSample(new Dictionary<string, string>(), ParseValue(result))];
        }

        return [.. result.EnumerateArray().Select(element => new PrometheusSample(
            element.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
            ParseValue(element.GetProperty("value"))))];
    }

    /// <summary>Every rule loaded from the configuration's rule files, as <c>/api/v1/rules</c> reports it.</summary>
    public async Task<IReadOnlyList<PrometheusRuleState>> RulesAsync(CancellationToken cancellationToken)
    {
        using var document = await GetDataAsync("api/v1/rules", cancellationToken);
        return [.. document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray())
            .Select(rule => new PrometheusRuleState(
                rule.GetProperty("name").GetString() ?? "",
                rule.GetProperty("health").GetString() ?? "",
                rule.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : "",
                rule.TryGetProperty("state", out var state) ? state.GetString() ?? "" : ""))];
    }

    /// <summary>Each scrape target's health and last error (<c>/api/v1/targets</c>), to say why nothing was ingested.</summary>
    public async Task<string> TargetsAsync(CancellationToken cancellationToken)
    {
        using var document = await GetDataAsync("api/v1/targets", cancellationToken);
        return string.Join("; ", document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t =>
            $"{t.GetProperty("scrapeUrl").GetString()} {t.GetProperty("health").GetString()} {t.GetProperty("lastError").GetString()}".Trim()));
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }

        process.Dispose();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the directory is under the temp folder and harmless.
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static double ParseValue(JsonElement pair) =>
        double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<JsonDocument> GetDataAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to {path}: {body}");
        }

        return JsonDocument.Parse(body);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode} before it was ready: {Log.Trim()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("-/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"prometheus on {Url} was not ready within {ReadyTimeout}: {Log.Trim()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
