using System.Globalization;
using Rotator.Kubernetes.Exec;

namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// A bash exec credential plugin in a temp folder. Run n prints the n-th of <c>PLUGIN_TOKENS</c> (the
/// last one repeats; <c>token-n</c> without it), expiring at <c>PLUGIN_EXPIRY</c> or <c>PLUGIN_LIFETIME</c>
/// seconds after the run; counts its runs in <c>count</c> and saves the <c>KUBERNETES_EXEC_INFO</c> and
/// arguments (one a line) it was given.
/// </summary>
internal sealed class ExecPluginScript
{
    private const string Script = """
        #!/usr/bin/env bash
        set -euo pipefail
        dir="$(cd "$(dirname "$0")" && pwd)"
        # mkdir is atomic: it serialises runs so the count is exact even if the caller failed to.
        until mkdir "$dir/lock" 2>/dev/null; do sleep 0.01; done
        n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" >"$dir/count"
        rmdir "$dir/lock"
        printf '%s' "${KUBERNETES_EXEC_INFO:-}" >"$dir/exec-info.$n"
        printf '%s\n' "$@" >"$dir/args.$n"
        if [[ -n "${PLUGIN_SLEEP:-}" ]]; then sleep "$PLUGIN_SLEEP"; fi
        if [[ -n "${PLUGIN_FAIL:-}" ]]; then echo "$PLUGIN_FAIL" >&2; exit 3; fi
        read -r -a tokens <<<"${PLUGIN_TOKENS:-}"
        if (( ${#tokens[@]} == 0 )); then token="token-$n"
        elif (( n <= ${#tokens[@]} )); then token="${tokens[n-1]}"
        else token="${tokens[-1]}"; fi
        expiry=""
        if [[ -n "${PLUGIN_EXPIRY:-}" ]]; then expiry=",\"expirationTimestamp\":\"$PLUGIN_EXPIRY\""; fi
        if [[ -n "${PLUGIN_LIFETIME:-}" ]]; then expiry=",\"expirationTimestamp\":\"$(date -u -d "+${PLUGIN_LIFETIME} seconds" +%Y-%m-%dT%H:%M:%SZ)\""; fi
        printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"%s}}\n' \
          "${PLUGIN_ANSWER_VERSION:-$PLUGIN_API_VERSION}" "$token" "$expiry"
        """;

    public ExecPluginScript(TempDirectory directory, string name = "plugin")
    {
        Directory = System.IO.Path.Combine(directory.Path, name);
        Path = directory.WriteExecutable(System.IO.Path.Combine(name, "get-token.sh"), Script);
    }

    public string Directory { get; }

    public string Path { get; }

    public int Runs => File.Exists(System.IO.Path.Combine(Directory, "count"))
        ? int.Parse(File.ReadAllText(System.IO.Path.Combine(Directory, "count")).Trim(), CultureInfo.InvariantCulture)
        : 0;

    public string ExecInfo(int run) => File.ReadAllText(System.IO.Path.Combine(Directory, $"exec-info.{run}"));

    public string[] Args(int run) => File.ReadAllLines(System.IO.Path.Combine(Directory, $"args.{run}"));

    public ExecCredentialPlugin Plugin(
        string apiVersion = ExecCredentialPlugin.V1,
        DateTimeOffset? expiry = null,
        string? tokens = null,
        IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PLUGIN_API_VERSION"] = apiVersion };
        if (expiry is { } e)
        {
            env["PLUGIN_EXPIRY"] = e.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        if (tokens is not null)
        {
            env["PLUGIN_TOKENS"] = tokens;
        }

        foreach (var (key, value) in extraEnv ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return new ExecCredentialPlugin { Command = Path, ApiVersion = apiVersion, Env = env, Origin = "test" };
    }

    /// <summary>The kubeconfig <c>user:</c> body running this script.</summary>
    public string KubeconfigUser(string apiVersion, string? tokens = null) => $"""
            exec:
              apiVersion: {apiVersion}
              command: {Path}
              interactiveMode: Never
              env:
              - name: PLUGIN_API_VERSION
                value: {apiVersion}
              - name: PLUGIN_TOKENS
                value: "{tokens}"
        """;
}
