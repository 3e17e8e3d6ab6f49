namespace Rotator.Rotation.Ldap;

/// <summary>What a simple bind told us about a credential.</summary>
public enum LdapBindOutcome
{
    /// <summary>A server accepted the credential.</summary>
    Success,

    /// <summary>A reachable server rejected the credential (LDAP result 49). Final: the next server is not asked.</summary>
    InvalidCredentials,

    /// <summary>No server answered: DNS failure, connection refused, or no answer within the timeout.</summary>
    Unreachable,

    /// <summary>A server was reached but TLS (ldaps:// or StartTLS) could not be established.</summary>
    TlsFailure,

    /// <summary>A server answered with some other error (busy, unwilling to perform, strong auth required, ...).</summary>
    Other,
}
