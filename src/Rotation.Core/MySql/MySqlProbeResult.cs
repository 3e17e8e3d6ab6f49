namespace Rotator.Rotation.MySql;

/// <summary>The outcome of logging in and running a probe query. <see cref="Message"/> never contains a password.</summary>
/// <param name="Status">How the attempt ended.</param>
/// <param name="Message">Human-readable detail for events and logs.</param>
/// <param name="Server">The server that answered, when the login succeeded.</param>
/// <param name="Elapsed">Time from the first connection attempt to the outcome.</param>
public sealed record MySqlProbeResult(MySqlProbeStatus Status, string Message, MySqlServerInfo? Server, TimeSpan Elapsed)
{
    public bool IsOk => Status == MySqlProbeStatus.Ok;
}
