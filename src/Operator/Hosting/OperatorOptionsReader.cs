using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Rotator.Api;

namespace Rotator.Operator.Hosting;

/// <summary>
/// Reads <see cref="OperatorOptions"/>. Sources, later ones winning: the JSON file named by
/// <c>--config</c> (or <c>ROTATOR_Config</c>), <c>ROTATOR_</c> environment variables (<c>__</c> separates
/// sections), command-line arguments (<c>--key value</c>, <c>--key=value</c>, or the kebab-case
/// switches below). Unknown settings are errors, so a typo cannot silently fall back to a default.
/// </summary>
public static partial class OperatorOptionsReader
{
    public const string EnvironmentPrefix = "ROTATOR_";

    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--config"] = "Config",
        ["--kubeconfig"] = "Kubeconfig",
        ["--context"] = "Context",
        ["--leader-elect"] = "LeaderElection",
        ["--lease-namespace"] = "LeaseNamespace",
        ["--lease-name"] = "LeaseName",
        ["--identity"] = "Identity",
        ["--lease-duration"] = "LeaseDuration",
        ["--renew-deadline"] = "RenewDeadline",
        ["--retry-period"] = "RetryPeriod",
        ["--workers"] = "Workers",
        ["--qps"] = "Qps",
        ["--burst"] = "Burst",
        ["--log-format"] = "LogFormat",
        ["--listen"] = "Listen",
        ["--namespaces"] = "Namespaces",
        ["--region"] = "Region",
        ["--refresh-interval"] = "RefreshInterval",
        ["--take-over-pending-after"] = "TakeOverPendingAfter",
        ["--max-rotation-attempts"] = "MaxRotationAttempts",
        ["--mysql-ca-file"] = "MySqlCaFile",
        ["--postgresql-ca-file"] = "PostgreSqlCaFile",
        ["--ldap-ca-file"] = "LdapCaFile",
    };

    // Settings only a config file or environment variables can express (maps and lists); never switches.
    private static readonly string[] Sections = ["Tenancy"];

    // "Logging" configures log levels (Logging:LogLevel:<category>); everything else must be ours.
    private static readonly HashSet<string> KnownKeys = new(Switches.Values.Append("Logging").Concat(Sections), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Builds the layered configuration from <paramref name="args"/> and <paramref name="environment"/>.
    /// Unknown keys on the command line or in the file are errors. Unknown <c>ROTATOR_</c> variables
    /// are ignored: Kubernetes injects <c>ROTATOR_SERVICE_HOST</c>, <c>ROTATOR_PORT</c> and so on
    /// into every pod of a namespace that has a Service named <c>rotator</c>.
    /// </summary>
    public static IConfigurationRoot BuildConfiguration(IReadOnlyList<string> args, OperatorEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = EnvironmentSettings(environment);
        var commandLine = new ConfigurationBuilder().AddCommandLine([.. args], Switches).Build();
        RejectUnknown(commandLine, "on the command line");
        var file = commandLine["Config"] ?? settings.GetValueOrDefault("Config");
        var builder = new ConfigurationBuilder();
        if (!string.IsNullOrEmpty(file))
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new OperatorConfigurationException($"config file {path} does not exist");
            }

            try
            {
                RejectUnknown(new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build(), $"in config file {path}");
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
            {
                throw new OperatorConfigurationException($"config file {path} is not valid JSON: {e.Message}", e);
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        return builder.AddInMemoryCollection(settings).AddCommandLine([.. args], Switches).Build();
    }

    /// <summary>Reads and validates the options, filling what is not set from <paramref name="environment"/>.</summary>
    public static OperatorOptions Read(IConfiguration configuration, OperatorEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new OperatorOptions
        {
            ConfigFile = Text(configuration, "Config"),
            Kubeconfig = Text(configuration, "Kubeconfig"),
            Context = Text(configuration, "Context"),
            LeaderElection = Parse(configuration, "LeaderElection", true, ParseBool, "true or false"),
            LeaseNamespace = Text(configuration, "LeaseNamespace") ?? DefaultNamespace(environment),
            LeaseName = Text(configuration, "LeaseName") ?? "rotator-leader",
            Identity = Text(configuration, "Identity") ?? DefaultIdentity(environment),
            LeaseDuration = Parse(configuration, "LeaseDuration", TimeSpan.FromSeconds(15), ParseDuration, "a duration such as 15s, 500ms, 2m or 00:00:15"),
            RenewDeadline = Parse(configuration, "RenewDeadline", TimeSpan.FromSeconds(10), ParseDuration, "a duration such as 10s"),
            RetryPeriod = Parse(configuration, "RetryPeriod", TimeSpan.FromSeconds(2), ParseDuration, "a duration such as 2s"),
            Workers = Parse(configuration, "Workers", 2, ParseInt, "a whole number"),
            Qps = Parse(configuration, "Qps", 20d, ParseDouble, "a number"),
            Burst = Parse(configuration, "Burst", 40, ParseInt, "a whole number"),
            LogFormat = Parse(configuration, "LogFormat", LogFormat.Plain, ParseLogFormat, "json or plain"),
            Listen = Text(configuration, "Listen") ?? (environment.InCluster ? "http://0.0.0.0:8080" : "http://127.0.0.1:8080"),
            Namespaces = NamespaceList(configuration),
            Region = Text(configuration, "Region"),
            RefreshInterval = Parse(configuration, "RefreshInterval", TimeSpan.FromMinutes(5), ParseDuration, "a duration such as 5m or 1h"),
            TakeOverPendingAfter = Text(configuration, "TakeOverPendingAfter") is null
                ? null
                : Parse(configuration, "TakeOverPendingAfter", TimeSpan.Zero, ParseDuration, "a duration such as 24h"),
            MaxRotationAttempts = Parse(configuration, "MaxRotationAttempts", 5, ParseInt, "a whole number"),
            MySqlCaFile = Text(configuration, "MySqlCaFile"),
            PostgreSqlCaFile = Text(configuration, "PostgreSqlCaFile"),
            LdapCaFile = Text(configuration, "LdapCaFile"),
            Tenancy = TenancyMap(configuration),
        };
        Validate(options);
        return options;
    }

    private static Dictionary<string, string?> EnvironmentSettings(OperatorEnvironment environment)
    {
        // What AddEnvironmentVariables(prefix) does, but over an injectable environment and only for our keys.
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment.Variables())
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
            {
                var key = name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                if (KnownKeys.Contains(key.Split(ConfigurationPath.KeyDelimiter)[0]))
                {
                    settings[key] = value;
                }
            }
        }

        return settings;
    }

    private static void RejectUnknown(IConfiguration source, string where)
    {
        var unknown = source.GetChildren().Select(c => c.Key).Where(k => !KnownKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new OperatorConfigurationException(
                $"unknown setting(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))} {where}; the settings are " +
                string.Join(", ", Switches.Select(s => $"{s.Value} ({s.Key})")) + " and Logging:LogLevel:<category>");
        }
    }

    private static string DefaultNamespace(OperatorEnvironment environment)
    {
        if (environment.Variable("POD_NAMESPACE") is { Length: > 0 } ns)
        {
            return ns;
        }

        var file = Path.Combine(environment.ServiceAccountDirectory, "namespace");
        try
        {
            if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } mounted)
            {
                return mounted;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable mount: the documented fallback applies.
        }

        return "default";
    }

    private static string DefaultIdentity(OperatorEnvironment environment)
    {
        // The suffix makes a restarted pod with the same name a new candidate, as client-go does.
        var name = environment.Variable("POD_NAME") is { Length: > 0 } pod ? pod : environment.HostName;
        return $"{name}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    private static ImmutableDictionary<string, IReadOnlyList<string>> TenancyMap(IConfiguration configuration)
    {
        // Tenancy:<namespace or *> is a list of secret-id globs, or one comma-separated string.
        var map = ImmutableDictionary.CreateBuilder<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection("Tenancy").GetChildren())
        {
            if (entry.Key != "*" && !DnsLabel().IsMatch(entry.Key))
            {
                throw new OperatorConfigurationException($"Tenancy: '{entry.Key}' is not a namespace name or '*'");
            }

            var values = entry.GetChildren().Any() ? entry.GetChildren().Select(c => c.Value ?? "") : (entry.Value ?? "").Split(',');
            var patterns = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
            if (patterns.Length == 0)
            {
                throw new OperatorConfigurationException($"Tenancy: '{entry.Key}' lists no secret-id pattern; give at least one (an impossible one such as '-' denies all)");
            }

            map[entry.Key] = patterns;
        }

        return map.ToImmutable();
    }

    private static ImmutableArray<string> NamespaceList(IConfiguration configuration)
    {
        var section = configuration.GetSection("Namespaces");
        var values = section.GetChildren().Any()
            ? section.GetChildren().Select(c => c.Value ?? "")
            : (section.Value ?? "").Split(',');
        var names = values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray();
        foreach (var name in names)
        {
            if (!DnsLabel().IsMatch(name))
            {
                throw new OperatorConfigurationException($"Namespaces: '{name}' is not a namespace name (lower-case letters, digits and '-', at most 63)");
            }
        }

        return names;
    }

    private static void Validate(OperatorOptions options)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new OperatorConfigurationException(message);
            }
        }

        Require(options.RefreshInterval >= TimeSpan.FromSeconds(10), $"RefreshInterval must be at least 10s, not {options.RefreshInterval}");
        Require(options.MaxRotationAttempts >= 1, $"MaxRotationAttempts must be at least 1, not {options.MaxRotationAttempts}");
        Require(options.Region is null || System.Text.RegularExpressions.Regex.IsMatch(options.Region, SchemaPatterns.Region), $"Region '{options.Region}' is not an AWS region name such as eu-west-1");
        Require(options.Workers >= 1, $"Workers must be at least 1, not {options.Workers}");
        Require(options.Qps > 0, $"Qps must be positive, not {options.Qps}");
        Require(options.Burst >= 1, $"Burst must be at least 1, not {options.Burst}");
        Require(options.RetryPeriod > TimeSpan.Zero, "RetryPeriod must be positive");
        Require(options.RenewDeadline > options.RetryPeriod, $"RenewDeadline ({options.RenewDeadline}) must be longer than RetryPeriod ({options.RetryPeriod})");
        Require(options.LeaseDuration > options.RenewDeadline, $"LeaseDuration ({options.LeaseDuration}) must be longer than RenewDeadline ({options.RenewDeadline}), so a leader that cannot renew stops before anyone else may start");
        Require(DnsLabel().IsMatch(options.LeaseNamespace), $"LeaseNamespace '{options.LeaseNamespace}' is not a namespace name");
        Require(options.LeaseName.Length is > 0 and <= 253, "LeaseName must be 1 to 253 characters");
        Require(options.Identity.Length is > 0 and <= 128, "Identity must be 1 to 128 characters");
        Require(
            options.Listen.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || options.Listen.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
            $"Listen must be an http:// or https:// address, not '{options.Listen}'");
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static T Parse<T>(IConfiguration configuration, string key, T fallback, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        return parse(text) ?? throw new OperatorConfigurationException($"{key}: '{text}' is not {expected}");
    }

    private static bool? ParseBool(string text) => bool.TryParse(text, out var value) ? value : null;

    private static int? ParseInt(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static double? ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static LogFormat? ParseLogFormat(string text) =>
        Enum.TryParse<LogFormat>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsDigit(text[0]) ? value : null;

    /// <summary>Kubernetes-style durations (<c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h30m</c>) or <c>hh:mm:ss</c>; null when neither.</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (KubeDuration.Parse(text) is { } value)
        {
            return value;
        }

        // A bare number would parse as days; only the clock form is accepted besides the units above.
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var clock) && clock > TimeSpan.Zero
            ? clock
            : null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
