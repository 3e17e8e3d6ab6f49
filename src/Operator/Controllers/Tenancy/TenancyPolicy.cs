using System.Text.RegularExpressions;

namespace Rotator.Operator.Controllers.Tenancy;

/// <summary>
/// Which AWS secret ids a RotatingSecret in a namespace may reference (its own <c>secretId</c> and any
/// admin secret). Set by the cluster admin in the operator's configuration, never by tenants.
/// Patterns are globs (<c>*</c> any run of characters, <c>?</c> one character) with a
/// <c>{namespace}</c> placeholder; the default lets namespace <c>shop</c> use <c>shop/*</c> only.
/// An ARN is matched by its secret name as well (the ARN's random 6-character suffix removed), so a
/// policy written with names also governs resources that reference ARNs.
/// </summary>
public sealed partial class TenancyPolicy
{
    public const string DefaultPattern = "{namespace}/*";

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> byNamespace;
    private readonly IReadOnlyList<string> fallback;

    /// <param name="byNamespace">Namespace (or <c>*</c> for every namespace not listed) to its allowed patterns.</param>
    public TenancyPolicy(IReadOnlyDictionary<string, IReadOnlyList<string>>? byNamespace = null)
    {
        this.byNamespace = byNamespace ?? new Dictionary<string, IReadOnlyList<string>>();
        fallback = this.byNamespace.TryGetValue("*", out var star) ? star : [DefaultPattern];
    }

    /// <summary>The patterns in force for a namespace.</summary>
    public IReadOnlyList<string> PatternsFor(string ns) => byNamespace.TryGetValue(ns, out var own) ? own : fallback;

    /// <summary>True when <paramref name="secretId"/> (name or ARN) is allowed in <paramref name="ns"/>.</summary>
    public bool Allows(string ns, string secretId)
    {
        ArgumentNullException.ThrowIfNull(secretId);
        var candidates = new List<string> { secretId };
        if (ArnName(secretId) is { } name)
        {
            candidates.Add(name);
        }

        return PatternsFor(ns).Any(pattern => candidates.Any(candidate => Glob(pattern.Replace("{namespace}", ns, StringComparison.Ordinal)).IsMatch(candidate)));
    }

    /// <summary>The secret name inside a Secrets Manager ARN, without the random suffix AWS appends.</summary>
    public static string? ArnName(string secretId)
    {
        var match = SecretArn().Match(secretId ?? "");
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:(?<name>.+?)(-[A-Za-z0-9]{6})?$")]
    private static partial Regex SecretArn();
}
