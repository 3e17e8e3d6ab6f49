using System.Globalization;
using System.Text.Json.Nodes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>What one script run returned, and which of its lines ran.</summary>
internal sealed record LuaRun(JsonNode? Result, IReadOnlySet<int> Lines);

/// <summary>
/// Runs the Argo CD Lua scripts under <c>config/argocd</c> with the real Lua 5.1 interpreter through
/// <c>driver.lua</c>, which recreates Argo CD's sandbox. Argo CD itself runs gopher-lua, a Lua 5.1
/// implementation; the stock interpreter with lua-cjson is the nearest thing a test can run.
/// </summary>
internal static class ArgoLua
{
    /// <summary>The interpreter Debian's lua5.1 package installs (hack/testbed/lua.sh).</summary>
    public const string Interpreter = "lua5.1";

    /// <summary>2026-04-01T04:00:00Z: the clock the action tests pin (see config/argocd/actions/action_test.yaml).</summary>
    public const long PinnedNow = 1775016000;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<Task<string?>> Problem = new(() => ProblemWithAsync(Interpreter));

    public static string ConfigDirectory => Path.Combine(RepositoryRoot.Path, "config", "argocd");

    private static string Driver => Path.Combine(RepositoryRoot.Path, "tests", "Operator.Tests", "ArgoCd", "driver.lua");

    /// <summary>Runs a script the way Argo CD does and returns what it returned.</summary>
    /// <param name="script">Path under config/argocd, e.g. <c>health.lua</c>.</param>
    /// <param name="obj">The object the script sees as <c>obj</c>.</param>
    /// <param name="now">Seconds since the epoch for os.time/os.date; null: the real clock.</param>
    public static async Task<LuaRun> RunAsync(string script, JsonNode obj, long? now = null)
    {
        await RequireAsync();
        List<string> arguments = [Driver, Path.Combine(ConfigDirectory, script)];
        if (now is { } seconds)
        {
            arguments.Add(seconds.ToString(CultureInfo.InvariantCulture));
        }

        var run = await ProcessRunner.RunAsync(Interpreter, arguments, Timeout, standardInput: obj.ToJsonString(), cancellationToken: TestContext.Current.CancellationToken);
        run.EnsureSuccess($"{script} on {obj["metadata"]?["name"]}");
        var output = JsonNode.Parse(run.StandardOutput) ?? throw new InvalidOperationException($"driver.lua printed nothing for {script}");
        // lua-cjson writes an empty Lua table as {}; a script that ran has at least one line, but stay lenient.
        var lines = output["lines"] is JsonArray array ? array.Select(line => (int)line!).ToHashSet() : [];
        return new LuaRun(output["result"], lines);
    }

    /// <summary>
    /// Why <paramref name="interpreter"/> cannot run the scripts (not on PATH, or no lua-cjson), or
    /// null when it can.
    /// </summary>
    public static async Task<string?> ProblemWithAsync(string interpreter)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, interpreter)));
        if (!onPath)
        {
            return $"{interpreter} is not on PATH";
        }

        var check = await ProcessRunner.RunAsync(interpreter, ["-e", "require('cjson')"], Timeout);
        return check.ExitCode == 0 ? null : $"{interpreter} cannot load lua-cjson: {check.StandardError.Trim()}";
    }

    /// <summary>
    /// The failure for a missing interpreter: with CI=true an exception that fails the test (a CI
    /// machine without Lua must not pass by skipping); elsewhere a skip that says what to install.
    /// </summary>
    public static InvalidOperationException Unavailable(string problem, bool ci)
    {
        var message = $"the Argo CD Lua tests need Debian's lua5.1 and lua-cjson (hack/testbed.sh install adds them): {problem}";
        if (!ci)
        {
            Assert.Skip(message);
        }

        return new InvalidOperationException(message);
    }

    /// <summary>
    /// The lines of <paramref name="script"/> that Lua's line hook can report: not blank, not a
    /// comment, not a bare <c>end</c>/<c>else</c>, not a <c>local function</c> header (Lua 5.1 reports a
    /// closure on its <c>end</c> line).
    /// </summary>
    public static IReadOnlySet<int> ExecutableLines(string script) =>
        File.ReadAllLines(Path.Combine(ConfigDirectory, script))
            .Select((text, index) => (Text: text.Trim(), Line: index + 1))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith("--", StringComparison.Ordinal)
                && l.Text is not ("end" or "else") && !l.Text.StartsWith("local function ", StringComparison.Ordinal))
            .Select(l => l.Line)
            .ToHashSet();

    private static async Task RequireAsync()
    {
        if (await Problem.Value is { } problem)
        {
            throw Unavailable(problem, TestbedFixture.IsCi);
        }
    }
}
