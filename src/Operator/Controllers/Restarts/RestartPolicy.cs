using Rotator.Api;


namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Decides which consumers a change of the mirrored Secret restarts, from what they can hold
/// (<see cref="HeldVersion"/>), not from whether the operator saw an earlier version itself: an adopted
/// Secret, a rotation on a resource's first pass and a lost status must all move pods that run on data
/// that no longer matches AWSCURRENT.
/// </summary>
public static class RestartPolicy
{
    /// <summary>
    /// The effective <see cref="RestartWhen"/>: alternating users keep the previous credentials valid
    /// until the next rotation, so only a user switch needs consumers to move; otherwise any change does.
    /// </summary>
    public static RestartWhen Effective(RestartWhen? when, RotationStrategy strategy) =>
        when ?? (strategy.AlternatesUsers() ? RestartWhen.UsernameChange : RestartWhen.AnyChange);

    /// <summary>
    /// Which consumers restart onto the current version (whose user name is <paramref name="newUsername"/>).
    /// <list type="bullet">
    /// <item>Consumers that hold the current data already: none.</item>
    /// <item>A Secret that did not exist before this pass: only the explicit <c>restart.targets</c>. Discovered
    /// consumers reference the Secret, so their pods were waiting for it and start with the current data; the
    /// user named explicit targets, and Rotator cannot see where their pods got the credential.</item>
    /// <item>Other data: every consumer, as far as <c>restart.when</c> allows. When nothing shows which user the
    /// held data names, a user switch is assumed: a needless rolling restart is cheaper than pods on a dead password.</item>
    /// </list>
    /// A consumer already restarted for the current version is not restarted again (<see cref="WorkloadRestarter"/>).
    /// </summary>
    public static RestartScope Decide(RestartWhen? when, RotationStrategy strategy, HeldVersion held, string? newUsername)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Kind == HeldKind.Current)
        {
            return RestartScope.None;
        }

        var allowed = Effective(when, strategy) switch
        {
            RestartWhen.Never => false,
            RestartWhen.UsernameChange => !held.UsernameKnown || !string.Equals(held.Username, newUsername, StringComparison.Ordinal),
            _ => true,
        };
        if (!allowed)
        {
            return RestartScope.None;
        }

        return held.Kind == HeldKind.Absent ? RestartScope.Explicit : RestartScope.All;
    }
}
