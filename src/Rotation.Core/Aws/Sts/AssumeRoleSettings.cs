using System.Text;

namespace Rotator.Rotation.Aws.Sts;

/// <summary>
/// Which role to assume on behalf of one resource, and how to label the session: CloudTrail shows
/// the session name, and IAM policies can match the session tags (<c>aws:PrincipalTag/rotator-namespace</c>)
/// to confine each namespace to its own secrets.
/// </summary>
/// <param name="RoleArn">The role to assume, <c>arn:aws:iam::123456789012:role/name</c>.</param>
/// <param name="ResourceNamespace">Namespace of the object the role is assumed for.</param>
/// <param name="ResourceName">Name of that object.</param>
/// <param name="ExternalId">The external id the role's trust policy requires, if any.</param>
public sealed record AssumeRoleSettings(string RoleArn, string ResourceNamespace, string ResourceName, string? ExternalId = null)
{
    // Our own keys, not EKS Pod Identity's kubernetes-namespace: a transitive tag of the caller's
    // session with the same key would make STS refuse the call.
    public const string NamespaceTagKey = "rotator-namespace";

    public const string NameTagKey = "rotator-name";

    private const int MaxSessionNameLength = 64;

    /// <summary>Lifetime asked for (STS allows 15 minutes up to the role's maximum, at most 12 hours).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>rotator-{namespace}.{name}</c>, cut to STS's 64 characters and alphabet.</summary>
    public string SessionName
    {
        get
        {
            var builder = new StringBuilder("rotator-");
            foreach (var c in $"{ResourceNamespace}.{ResourceName}")
            {
                builder.Append(char.IsAsciiLetterOrDigit(c) || "+=,.@-_".Contains(c, StringComparison.Ordinal) ? c : '-');
            }

            return builder.Length > MaxSessionNameLength ? builder.ToString(0, MaxSessionNameLength) : builder.ToString();
        }
    }

    /// <summary>The session tags sent with AssumeRole.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SessionTags =>
    [
        new(NamespaceTagKey, ResourceNamespace),
        new(NameTagKey, ResourceName),
    ];

    internal void Validate()
    {
        if (!RoleArn.StartsWith("arn:", StringComparison.Ordinal) || !RoleArn.Contains(":role/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{RoleArn}' is not an IAM role ARN", nameof(RoleArn));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ResourceNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(ResourceName);
        if (Duration < TimeSpan.FromMinutes(15) || Duration > TimeSpan.FromHours(12))
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "STS session durations range from 15 minutes to 12 hours");
        }
    }
}
