using System.Globalization;
using Rotator.Api;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Schedules;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// What the CRD schema cannot check (it must also load on a v1.20 API server, so no CEL): schedule
/// syntax beyond the pattern, sections that do not fit the strategy, password policies that cannot be
/// satisfied. Each problem names the field, so <c>kubectl describe</c> tells the user what to fix.
/// </summary>
public static class SpecResolver
{
    /// <summary>The refresh interval a resource may ask for at least (API.md).</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>Applies defaults; throws <see cref="InvalidSpecException"/> naming the field at fault.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="defaultRefreshInterval">The operator's refresh interval, for resources that set none.</param>
    /// <param name="caFiles">The operator's CA bundles for verified TLS (databases, LDAP), if it has them.</param>
    public static ResolvedSpec Resolve(RotatingSecret resource, TimeSpan defaultRefreshInterval, OperatorCaFiles? caFiles = null)
    {
        ArgumentNullException.ThrowIfNull(resource);

        // The types say these are never null, but JSON can say "spec": null (the API server drops such nulls, a
        // stored object from elsewhere or a test client may not); the answer is a condition, not a crashed reconcile.
        var spec = resource.Spec ?? throw new InvalidSpecException("spec is required");
        var rotation = spec.Rotation ?? throw new InvalidSpecException("spec.rotation is required");
        var strategy = rotation.Strategy;
        if (!Enum.IsDefined(strategy))
        {
            // The schema allows only the names; a number can come only from a client that bypassed it.
            throw new InvalidSpecException($"spec.rotation.strategy must be one of {string.Join(", ", Enum.GetNames<RotationStrategy>())}");
        }

        if (string.IsNullOrWhiteSpace(spec.SecretId))
        {
            throw new InvalidSpecException("spec.secretId is required");
        }

        CheckSections(rotation, strategy);
        var refresh = defaultRefreshInterval;
        if (spec.RefreshInterval is { } text)
        {
            refresh = KubeDuration.Parse(text) ?? throw new InvalidSpecException($"spec.refreshInterval '{text}' is not a duration such as 30s, 5m or 1h");
            if (refresh < MinRefreshInterval)
            {
                throw new InvalidSpecException($"spec.refreshInterval {text} is shorter than the minimum of {MinRefreshInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
            }
        }

        return new ResolvedSpec
        {
            SecretId = spec.SecretId,
            Strategy = strategy,
            Schedule = Schedule(rotation),
            RotateOnCreate = rotation.RotateOnCreate ?? false,
            Suspend = rotation.Suspend ?? false,
            RefreshInterval = refresh,
            Password = Password(rotation.Password, strategy),
            Settings = StrategySettingsMapper.From(rotation, caFiles ?? new OperatorCaFiles()),
            TargetName = spec.Target?.Name ?? resource.Metadata.Name ?? "",
            DeletionPolicy = spec.Target?.DeletionPolicy ?? DeletionPolicy.Delete,
            RestartWhen = RestartPolicy.Effective(spec.Restart?.When, strategy),
            WaitForRollout = spec.Restart?.WaitForRollout ?? true,
            Approval = rotation.Approval ?? ApprovalMode.Automatic,
            ApprovalTimeout = ApprovalTimeout(rotation, strategy),
            ReferencedSecretIds = (rotation.Mysql?.MasterSecretId ?? rotation.Postgresql?.MasterSecretId) is { Length: > 0 } master ? [spec.SecretId, master] : [spec.SecretId],
        };
    }

    private static void CheckSections(RotationSpec rotation, RotationStrategy strategy)
    {
        if (rotation.Mysql is not null && !strategy.IsMySql())
        {
            throw new InvalidSpecException($"spec.rotation.mysql applies only to the MySQL strategies, not {strategy}");
        }

        if (rotation.Postgresql is not null && !strategy.IsPostgreSql())
        {
            throw new InvalidSpecException($"spec.rotation.postgresql applies only to the PostgreSQL strategies, not {strategy}");
        }

        if (rotation.Postgresql?.MasterSecretId is not null && strategy != RotationStrategy.PostgreSQLAlternatingUsers)
        {
            throw new InvalidSpecException("spec.rotation.postgresql.masterSecretId applies only to PostgreSQLAlternatingUsers (single user changes its own password)");
        }

        if (rotation.DirectoryService is not null && strategy != RotationStrategy.DirectoryServiceAdmin)
        {
            throw new InvalidSpecException($"spec.rotation.directoryService applies only to DirectoryServiceAdmin, not {strategy}");
        }

        if (rotation.RandomValue is not null && strategy != RotationStrategy.RandomValue)
        {
            throw new InvalidSpecException($"spec.rotation.randomValue applies only to RandomValue, not {strategy}");
        }

        if (rotation.RandomValue is { Field: not null, BinaryLength: not null })
        {
            // A field lives in a JSON SecretString, a length applies to a SecretBinary: no secret is both.
            throw new InvalidSpecException("spec.rotation.randomValue.field and spec.rotation.randomValue.binaryLength exclude each other: field is for a JSON SecretString, binaryLength for a SecretBinary");
        }

        if (rotation.Mysql?.DualPassword == true && strategy != RotationStrategy.MySQLSingleUser)
        {
            throw new InvalidSpecException("spec.rotation.mysql.dualPassword applies only to MySQLSingleUser (alternating users never invalidates the current user)");
        }

        if (rotation.Mysql?.MasterSecretId is not null && strategy != RotationStrategy.MySQLAlternatingUsers)
        {
            throw new InvalidSpecException("spec.rotation.mysql.masterSecretId applies only to MySQLAlternatingUsers (single user changes its own password)");
        }

        if (rotation.DirectoryService?.Verify?.Tls is { } ldapTls and not (TlsMode.VerifyFull or TlsMode.Disabled))
        {
            // libldap verifies the chain and the host name together or not at all; a TLS that checks nothing would only look safe.
            throw new InvalidSpecException($"spec.rotation.directoryService.verify.tls is VerifyFull (TLS, the default) or Disabled (plain LDAP), not {ldapTls}");
        }

        if (rotation.DirectoryService?.Verify is { Tls: TlsMode.Disabled, Url: { } url } && url.StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSpecException("spec.rotation.directoryService.verify.tls is Disabled (plain LDAP), but the url is ldaps:// (TLS from the start): use one or the other");
        }

        if (rotation.Window is not null && rotation.Schedule is null)
        {
            throw new InvalidSpecException("spec.rotation.window needs spec.rotation.schedule");
        }
    }

    private static TimeSpan? ApprovalTimeout(RotationSpec rotation, RotationStrategy strategy)
    {
        var approval = rotation.Approval ?? ApprovalMode.Automatic;
        if (!Enum.IsDefined(approval))
        {
            throw new InvalidSpecException($"spec.rotation.approval must be one of {string.Join(", ", Enum.GetNames<ApprovalMode>())}");
        }

        if (approval == ApprovalMode.Manual && strategy is RotationStrategy.AwsManaged or RotationStrategy.None)
        {
            // AwsManaged hands all four steps to AWS in one call, None never rotates: there is no setSecret to hold.
            throw new InvalidSpecException($"spec.rotation.approval Manual needs a strategy whose steps the operator runs, not {strategy}");
        }

        if (rotation.ApprovalTimeout is not { } text)
        {
            return null;
        }

        if (approval != ApprovalMode.Manual)
        {
            throw new InvalidSpecException("spec.rotation.approvalTimeout applies only with spec.rotation.approval Manual");
        }

        return KubeDuration.Parse(text) ?? throw new InvalidSpecException($"spec.rotation.approvalTimeout '{text}' is not a duration such as 30m or 24h");
    }

    private static RotationSchedule? Schedule(RotationSpec rotation)
    {
        if (rotation.Schedule is null)
        {
            return null;
        }

        try
        {
            return RotationSchedule.Parse(rotation.Schedule, rotation.Window);
        }
        catch (ScheduleFormatException e)
        {
            throw new InvalidSpecException($"spec.rotation.{(e.Field == "window" ? "window" : "schedule")}: {e.Message}", e);
        }
    }

    private static PasswordPolicy Password(PasswordSpec? spec, RotationStrategy strategy)
    {
        // The databases' defaults exclude what AWS's templates exclude: characters that break connection strings and shells.
        var defaults = strategy.IsMySql() || strategy.IsPostgreSql() ? PasswordPolicy.MySqlDefault : PasswordPolicy.Default;
        var policy = spec is null
            ? defaults
            : defaults with
            {
                PasswordLength = spec.Length ?? defaults.PasswordLength,
                ExcludeCharacters = spec.ExcludeCharacters ?? defaults.ExcludeCharacters,
                ExcludeNumbers = spec.ExcludeNumbers ?? defaults.ExcludeNumbers,
                ExcludePunctuation = spec.ExcludePunctuation ?? defaults.ExcludePunctuation,
                ExcludeUppercase = spec.ExcludeUppercase ?? defaults.ExcludeUppercase,
                ExcludeLowercase = spec.ExcludeLowercase ?? defaults.ExcludeLowercase,
                IncludeSpace = spec.IncludeSpace ?? defaults.IncludeSpace,
                RequireEachIncludedType = spec.RequireEachIncludedType ?? defaults.RequireEachIncludedType,
            };
        try
        {
            // The generator refuses policies that cannot be met; finding out now beats a failed createSecret.
            _ = new PasswordGenerator(policy);
        }
        catch (InvalidPasswordPolicyException e)
        {
            throw new InvalidSpecException($"spec.rotation.password: {e.Message}", e);
        }

        return policy;
    }
}
