namespace Rotator.Rotation.Strategies;

/// <summary>
/// The <c>Reason</c> codes the database strategies (MySQL, PostgreSQL) put on <see cref="Abstractions.RotationRefusedException"/>
/// and <see cref="Abstractions.RotationTestFailedException"/>: one code for one meaning on every engine, so dashboards,
/// alerts and the plugin's explanations cover them all. Stable.
/// </summary>
public static class DatabaseRotationReasons
{
    /// <summary>The secret's value is binary or not a JSON object.</summary>
    public const string SecretNotJson = "SecretNotJson";

    /// <summary>A required field is absent, empty, or has the wrong JSON type; the message names the field.</summary>
    public const string MissingField = "MissingField";

    /// <summary>A field has the right type but a value that cannot be used (a port out of range, an unknown TLS mode, a database that does not exist).</summary>
    public const string InvalidField = "InvalidField";

    /// <summary>The <c>engine</c> field names an engine the strategy does not rotate.</summary>
    public const string UnsupportedEngine = "UnsupportedEngine";

    /// <summary>The resource's settings cannot be used (an unknown TLS mode, a CA file that is not there).</summary>
    public const string InvalidSettings = "InvalidSettings";

    /// <summary>Alternating users: no admin secret is named, or the named one does not exist.</summary>
    public const string MasterSecretNotFound = "MasterSecretNotFound";

    /// <summary>Alternating users: Secrets Manager refused to let the operator read the admin secret.</summary>
    public const string MasterSecretAccessDenied = "MasterSecretAccessDenied";

    /// <summary>Alternating users: the admin secret is not a JSON object with host, username and password.</summary>
    public const string MasterSecretInvalid = "MasterSecretInvalid";

    /// <summary>Alternating users: the admin's password is wrong, or the admin may not manage users (MySQL grants, PostgreSQL CREATEROLE).</summary>
    public const string MasterCredentialsRejected = "MasterCredentialsRejected";

    /// <summary>Alternating users: the admin secret points at another server than the user's secret.</summary>
    public const string HostMismatch = "HostMismatch";

    /// <summary>The database did not answer.</summary>
    public const string TargetUnreachable = "TargetUnreachable";

    /// <summary>TLS could not be set up, or the server certificate is not trusted.</summary>
    public const string TlsFailure = "TlsFailure";

    /// <summary>The server refused the secret's own credentials (AWSCURRENT, or AWSPREVIOUS as the fallback).</summary>
    public const string CurrentCredentialsRejected = "CurrentCredentialsRejected";

    /// <summary>The AWSPENDING value names another user, host or port than AWSCURRENT allows.</summary>
    public const string PendingMismatch = "PendingMismatch";

    /// <summary>testSecret: the server refused the pending credentials.</summary>
    public const string PendingCredentialsRejected = "PendingCredentialsRejected";

    /// <summary>The user name (or its clone's) is one the server would refuse, cut or mangle.</summary>
    public const string InvalidUserName = "InvalidUserName";

    /// <summary>MySQL: the user name (or its <c>_clone</c> twin) is longer than this server accepts.</summary>
    public const string UserNameTooLong = "UserNameTooLong";

    /// <summary>MySQL: dual passwords were asked for on a server without them (MariaDB, MySQL before 8.0.14).</summary>
    public const string DualPasswordUnsupported = "DualPasswordUnsupported";

    /// <summary>The logged-in user lacks a privilege the step needs (MySQL's APPLICATION_PASSWORD_ADMIN for dual passwords, a role a PostgreSQL admin may not grant).</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>The server's password policy (validate_password, passwordcheck) refused the new password.</summary>
    public const string PasswordRejected = "PasswordRejected";

    /// <summary>A user or role the step needs does not exist.</summary>
    public const string UserNotFound = "UserNotFound";

    /// <summary>The server answered, but not as expected (the message says how).</summary>
    public const string TargetError = "TargetError";
}
