namespace Rotator.Rotation.MySql;

/// <summary>How a login attempt ended.</summary>
public enum MySqlProbeStatus
{
    Ok,

    /// <summary>The server refused the user name or password (error 1045).</summary>
    InvalidCredentials,

    /// <summary>No server answered in time: refused, unresolvable, or timed out.</summary>
    Unreachable,

    /// <summary>TLS could not be set up or the server certificate was not trusted.</summary>
    TlsFailure,

    Other,
}
