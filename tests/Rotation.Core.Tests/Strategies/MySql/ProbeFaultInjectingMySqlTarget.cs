using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// FAULT INJECTION for tests: a decorator over a real <see cref="IMySqlTarget"/> that reports the next
/// <c>faults</c> probes matching <c>victim</c> as refused credentials although the server accepted them. Everything
/// else, and every probe after that, goes to the real target unchanged.
/// </summary>
internal sealed class ProbeFaultInjectingMySqlTarget(IMySqlTarget inner, Func<MySqlCredentials, bool> victim, int faults = 1) : IMySqlTarget
{
    private readonly Lock gate = new();
    private int injected;

    /// <summary>How many probes were turned into failures.</summary>
    public int Injected
    {
        get
        {
            lock (gate)
            {
                return injected;
            }
        }
    }

    public async Task<MySqlProbeResult> ProbeAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken = default)
    {
        var result = await inner.ProbeAsync(endpoint, credentials, cancellationToken);
        if (!result.IsOk || !victim(credentials))
        {
            return result;
        }

        lock (gate)
        {
            if (injected >= faults)
            {
                return result;
            }

            injected++;
        }

        return new MySqlProbeResult(
            MySqlProbeStatus.InvalidCredentials, $"injected fault: the probe of '{credentials.UserName}' is reported as refused", null, result.Elapsed);
    }

    public Task ChangeOwnPasswordAsync(
        MySqlEndpoint endpoint,
        MySqlCredentials current,
        string newPassword,
        MySqlPasswordRetention retention = MySqlPasswordRetention.Replace,
        CancellationToken cancellationToken = default) =>
        inner.ChangeOwnPasswordAsync(endpoint, current, newPassword, retention, cancellationToken);

    public Task DiscardOwnOldPasswordAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken = default) =>
        inner.DiscardOwnOldPasswordAsync(endpoint, credentials, cancellationToken);

    public Task<IMySqlAdminSession> OpenAdminSessionAsync(MySqlEndpoint endpoint, MySqlCredentials admin, CancellationToken cancellationToken = default) =>
        inner.OpenAdminSessionAsync(endpoint, admin, cancellationToken);
}
