namespace Rotator.Rotation.PostgreSql;

/// <summary>Why a PostgreSQL operation failed, for callers that decide whether to retry, alert or give up.</summary>
public enum PostgreSqlFailure
{
    /// <summary>The server refused the login: wrong password (28P01), or no such role, no LOGIN, no pg_hba.conf entry (28000).</summary>
    InvalidCredentials,

    /// <summary>No server answered in time, or it is starting, shutting down or full (08xxx, 53300, 57P0x).</summary>
    Unreachable,

    /// <summary>TLS could not be set up or the server certificate was not trusted.</summary>
    TlsFailure,

    /// <summary>The logged-in role lacks a privilege the operation needs (42501).</summary>
    AccessDenied,

    /// <summary>A role the operation names does not exist (42704).</summary>
    RoleNotFound,

    /// <summary>The database to connect to does not exist (3D000).</summary>
    DatabaseNotFound,

    /// <summary>A name the server would refuse or silently cut (over 63 bytes, NUL, reserved); detected before anything is sent where possible.</summary>
    InvalidName,

    /// <summary>The server refused the new password (a check_password_hook such as passwordcheck: 22023).</summary>
    PasswordRejected,

    /// <summary>The endpoint settings contradict each other or name a file that is not there.</summary>
    InvalidConfiguration,

    Other,
}
