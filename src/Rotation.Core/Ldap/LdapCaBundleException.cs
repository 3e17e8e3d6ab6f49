namespace Rotator.Rotation.Ldap;

/// <summary>The configured LDAP CA file cannot be used; the message names the file and why, never its content.</summary>
public sealed class LdapCaBundleException : Exception
{
    public LdapCaBundleException()
    {
    }

    public LdapCaBundleException(string message)
        : base(message)
    {
    }

    public LdapCaBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
