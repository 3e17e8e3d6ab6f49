namespace Rotator.Rotation.Ldap;

/// <summary>The outcome of checking a credential against a directory.</summary>
/// <param name="Outcome">What happened; see <see cref="LdapBindOutcome"/>.</param>
/// <param name="Server">The server whose answer decided the outcome, or null when none answered.</param>
/// <param name="Message">
/// Human-readable detail for conditions, events and logs, covering every server tried. Never contains the password.
/// </param>
public sealed record LdapBindResult(LdapBindOutcome Outcome, Uri? Server, string Message)
{
    public bool Succeeded => Outcome == LdapBindOutcome.Success;
}
