namespace Rotator.Rotation.Strategies.MySql;

/// <summary>
/// The <c>Reason</c> codes the MySQL strategies put on <see cref="Abstractions.RotationRefusedException"/> and
/// <see cref="Abstractions.RotationTestFailedException"/>, for conditions, events and alerts. Stable: dashboards match on
/// them. The values are those of <see cref="DatabaseRotationReasons"/>, shared with PostgreSQL.
/// </summary>
public static class MySqlRotationReasons
{
    /// <summary>The secret's value is binary or not a JSON object.</summary>
    public const string SecretNotJson = DatabaseRotationReasons.SecretNotJson;

    /// <summary>A required field is absent, empty, or has the wrong JSON type; the message names the field.</summary>
    public const string MissingField = DatabaseRotationReasons.MissingField;

    /// <summary>A field has the right type but a value that cannot be used (a port out of range, an unknown TLS mode).</summary>
    public const string InvalidField = DatabaseRotationReasons.InvalidField;

    /// <summary>The <c>engine</c> field names something other than mysql, aurora-mysql or mariadb.</summary>
    public const string UnsupportedEngine = DatabaseRotationReasons.UnsupportedEngine;

    /// <summary>The resource's MySQL settings contradict each other (unknown TLS mode, VerifyCA without a CA file).</summary>
    public const string InvalidSettings = DatabaseRotationReasons.InvalidSettings;

    /// <summary>Alternating users: no admin secret is named, or the named one does not exist.</summary>
    public const string MasterSecretNotFound = DatabaseRotationReasons.MasterSecretNotFound;

    /// <summary>Alternating users: Secrets Manager refused to let the operator read the admin secret.</summary>
    public const string MasterSecretAccessDenied = DatabaseRotationReasons.MasterSecretAccessDenied;

    /// <summary>Alternating users: the admin secret is not a JSON object with host, username and password.</summary>
    public const string MasterSecretInvalid = DatabaseRotationReasons.MasterSecretInvalid;

    /// <summary>Alternating users: the admin's password is wrong, or the admin may not manage users.</summary>
    public const string MasterCredentialsRejected = DatabaseRotationReasons.MasterCredentialsRejected;

    /// <summary>Alternating users: the admin secret points at another server than the user's secret.</summary>
    public const string HostMismatch = DatabaseRotationReasons.HostMismatch;

    /// <summary>The database did not answer.</summary>
    public const string TargetUnreachable = DatabaseRotationReasons.TargetUnreachable;

    /// <summary>TLS could not be set up, or the server certificate is not trusted.</summary>
    public const string TlsFailure = DatabaseRotationReasons.TlsFailure;

    /// <summary>The server refused the secret's own credentials (AWSCURRENT, or AWSPREVIOUS as the fallback).</summary>
    public const string CurrentCredentialsRejected = DatabaseRotationReasons.CurrentCredentialsRejected;

    /// <summary>The AWSPENDING value names another user, host or port than AWSCURRENT allows.</summary>
    public const string PendingMismatch = DatabaseRotationReasons.PendingMismatch;

    /// <summary>testSecret: the server refused the pending credentials.</summary>
    public const string PendingCredentialsRejected = DatabaseRotationReasons.PendingCredentialsRejected;

    /// <summary>The user name (or its <c>_clone</c> twin) is longer than this server accepts.</summary>
    public const string UserNameTooLong = DatabaseRotationReasons.UserNameTooLong;

    /// <summary>The user name is one the server would refuse or silently mangle.</summary>
    public const string InvalidUserName = DatabaseRotationReasons.InvalidUserName;

    /// <summary>Dual passwords were asked for on a server without them (MariaDB, MySQL before 8.0.14).</summary>
    public const string DualPasswordUnsupported = DatabaseRotationReasons.DualPasswordUnsupported;

    /// <summary>The logged-in user lacks a privilege the step needs (e.g. APPLICATION_PASSWORD_ADMIN for dual passwords).</summary>
    public const string AccessDenied = DatabaseRotationReasons.AccessDenied;

    /// <summary>The server's password policy refused the new password.</summary>
    public const string PasswordRejected = DatabaseRotationReasons.PasswordRejected;

    /// <summary>A user the step needs has no account on the server.</summary>
    public const string UserNotFound = DatabaseRotationReasons.UserNotFound;

    /// <summary>The server answered, but not as expected (the message says how).</summary>
    public const string TargetError = DatabaseRotationReasons.TargetError;
}
