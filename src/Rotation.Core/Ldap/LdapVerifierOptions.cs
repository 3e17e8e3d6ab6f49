namespace Rotator.Rotation.Ldap;

/// <summary>Deadlines of one bind attempt against one server.</summary>
public sealed record LdapVerifierOptions
{
    /// <summary>DNS lookup plus TCP connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Waiting for the answer to StartTLS or to the bind itself.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
