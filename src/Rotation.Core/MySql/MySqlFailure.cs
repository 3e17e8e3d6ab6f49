namespace Rotator.Rotation.MySql;

/// <summary>Why a MySQL operation failed, for callers that decide whether to retry, alert or give up.</summary>
public enum MySqlFailure
{
    /// <summary>The server refused the user name or password (1045), or the current password given was wrong (3891).</summary>
    InvalidCredentials,

    /// <summary>No server answered in time.</summary>
    Unreachable,

    /// <summary>TLS could not be set up or the server certificate was not trusted.</summary>
    TlsFailure,

    /// <summary>The logged-in user lacks a privilege the operation needs.</summary>
    AccessDenied,

    /// <summary>The server (flavor or version) cannot do what was asked, e.g. dual passwords on MariaDB.</summary>
    NotSupported,

    /// <summary>A user name the server would refuse or silently mangle; detected before anything is sent.</summary>
    InvalidUserName,

    /// <summary>The user has no account on any host.</summary>
    UserNotFound,

    /// <summary>The server's password policy refused the new password (1819).</summary>
    PasswordRejected,

    /// <summary>The endpoint settings contradict each other or what the driver can do.</summary>
    InvalidConfiguration,

    Other,
}
