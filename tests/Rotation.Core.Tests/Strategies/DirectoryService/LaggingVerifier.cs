using Rotator.Rotation.Ldap;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// A real <see cref="ILdapVerifier"/> behind a domain controller that has not replicated yet: the first
/// <paramref name="staleBinds"/> binds with the password <paramref name="lagging"/> names are refused as invalid credentials.
/// </summary>
internal sealed class LaggingVerifier(ILdapVerifier inner, Func<string?> lagging, int staleBinds) : ILdapVerifier
{
    private int stale = staleBinds;

    public Task<LdapBindResult> VerifyBindAsync(LdapDirectory directory, string bindName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (password == lagging() && Interlocked.Decrement(ref stale) >= 0)
        {
            var server = directory.Servers[0];
            return Task.FromResult(new LdapBindResult(LdapBindOutcome.InvalidCredentials, server, $"{server}: invalid credentials (LDAP 49)"));
        }

        return inner.VerifyBindAsync(directory, bindName, password, cancellationToken);
    }
}
