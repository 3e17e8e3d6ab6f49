using Rotator.Operator.Resources;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>Decides whether a change of the mirrored Secret restarts its consumers.</summary>
public static class RestartPolicy
{
    /// <summary>
    /// The effective <see cref="RestartWhen"/>: alternating users keep the previous credentials valid
    /// until the next rotation, so only a user switch needs consumers to move; otherwise any change does.
    /// </summary>
    public static RestartWhen Effective(RestartWhen? when, RotationStrategy strategy) =>
        when ?? (strategy == RotationStrategy.MySQLAlternatingUsers ? RestartWhen.UsernameChange : RestartWhen.AnyChange);

    /// <summary>
    /// True when consumers should restart onto <paramref name="newVersion"/>. A first mirror
    /// (<paramref name="oldVersion"/> null) restarts nothing: there is no earlier version to move away
    /// from, and pods waiting for a missing Secret start on their own once it appears.
    /// </summary>
    public static bool ShouldRestart(RestartWhen? when, RotationStrategy strategy, string? oldUsername, string? newUsername, string? oldVersion, string newVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(newVersion);
        if (oldVersion is null || string.Equals(oldVersion, newVersion, StringComparison.Ordinal))
        {
            return false;
        }

        return Effective(when, strategy) switch
        {
            RestartWhen.Never => false,
            RestartWhen.UsernameChange => !string.Equals(oldUsername, newUsername, StringComparison.Ordinal),
            _ => true,
        };
    }
}
