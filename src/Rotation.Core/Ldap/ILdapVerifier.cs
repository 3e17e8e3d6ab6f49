namespace Rotator.Rotation.Ldap;

/// <summary>Checks that a directory accepts a credential, by binding with it.</summary>
public interface ILdapVerifier
{
    /// <summary>
    /// Binds as <paramref name="bindName"/> with <paramref name="password"/> against each server of
    /// <paramref name="directory"/> in order until one answers. Success and invalid credentials from any reachable
    /// server are final; unreachable servers and other failures move on to the next one.
    /// </summary>
    /// <param name="directory">Where to bind.</param>
    /// <param name="bindName">A DN (<c>uid=x,ou=people,dc=...</c>) or a UPN (<c>user@domain</c>); see <see cref="BindNameTemplate"/>.</param>
    /// <param name="password">The password to check; must not be empty.</param>
    /// <param name="cancellationToken">Stops trying further servers.</param>
    Task<LdapBindResult> VerifyBindAsync(LdapDirectory directory, string bindName, string password, CancellationToken cancellationToken = default);
}
