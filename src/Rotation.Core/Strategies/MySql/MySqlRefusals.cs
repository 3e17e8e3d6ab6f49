using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>
/// Turns adapter failures into the contract's exceptions with a reason code. Messages come from the adapter, which
/// guarantees they hold no password, plus our own text, which names users, hosts and fields only.
/// </summary>
internal static class MySqlRefusals
{
    public static RotationRefusedException Refuse(string reason, string message, Exception? inner = null) =>
        inner is null
            ? new RotationRefusedException(message) { Reason = reason }
            : new RotationRefusedException(message, inner) { Reason = reason };

    /// <summary>
    /// Failures that may heal on their own: the server did not answer, or answered something unexpected. Steps let
    /// these propagate as <see cref="MySqlTargetException"/> so the engine retries them; everything else needs a person.
    /// </summary>
    public static bool IsTransient(MySqlTargetException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Failure is MySqlFailure.Unreachable or MySqlFailure.Other;
    }

    /// <param name="error">What the adapter threw.</param>
    /// <param name="rejected">The reason for refused credentials, which depends on whose they were.</param>
    /// <param name="accessDenied">The reason for a missing privilege (the admin's is MasterCredentialsRejected).</param>
    public static RotationRefusedException FromTarget(MySqlTargetException error, string rejected, string accessDenied = MySqlRotationReasons.AccessDenied)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error.Failure switch
        {
            MySqlFailure.InvalidCredentials => rejected,
            MySqlFailure.Unreachable => MySqlRotationReasons.TargetUnreachable,
            MySqlFailure.TlsFailure => MySqlRotationReasons.TlsFailure,
            MySqlFailure.AccessDenied => accessDenied,

            // The adapter reports NotSupported only for dual passwords.
            MySqlFailure.NotSupported => MySqlRotationReasons.DualPasswordUnsupported,
            MySqlFailure.InvalidUserName => MySqlRotationReasons.InvalidUserName,
            MySqlFailure.UserNotFound => MySqlRotationReasons.UserNotFound,
            MySqlFailure.PasswordRejected => MySqlRotationReasons.PasswordRejected,
            MySqlFailure.InvalidConfiguration => MySqlRotationReasons.InvalidSettings,
            _ => MySqlRotationReasons.TargetError,
        };
        return Refuse(reason, error.Message, error);
    }

    /// <summary>A failed probe as the exception the same failure of a statement would have been.</summary>
    public static MySqlTargetException ToException(MySqlProbeResult probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var failure = probe.Status switch
        {
            MySqlProbeStatus.InvalidCredentials => MySqlFailure.InvalidCredentials,
            MySqlProbeStatus.Unreachable => MySqlFailure.Unreachable,
            MySqlProbeStatus.TlsFailure => MySqlFailure.TlsFailure,
            _ => MySqlFailure.Other,
        };
        return new MySqlTargetException(failure, probe.Message);
    }

    /// <summary>testSecret's verdict on a probe of the pending credentials that did not succeed.</summary>
    public static RotationTestFailedException TestFailed(MySqlProbeResult probe, string who)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var reason = probe.Status switch
        {
            MySqlProbeStatus.InvalidCredentials => MySqlRotationReasons.PendingCredentialsRejected,
            MySqlProbeStatus.Unreachable => MySqlRotationReasons.TargetUnreachable,
            MySqlProbeStatus.TlsFailure => MySqlRotationReasons.TlsFailure,
            _ => MySqlRotationReasons.TargetError,
        };
        return new RotationTestFailedException($"testSecret: {who} do not work: {probe.Message}") { Reason = reason, Rejected = probe.Status == MySqlProbeStatus.InvalidCredentials };
    }
}
