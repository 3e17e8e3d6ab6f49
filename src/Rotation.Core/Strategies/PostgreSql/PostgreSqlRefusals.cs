using Rotator.Rotation.Abstractions;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>
/// Turns adapter failures into the contract's exceptions with a reason code. Messages come from the adapter, which
/// guarantees they hold no password, plus our own text, which names users, hosts and fields only.
/// </summary>
internal static class PostgreSqlRefusals
{
    public static RotationRefusedException Refuse(string reason, string message, Exception? inner = null) =>
        inner is null
            ? new RotationRefusedException(message) { Reason = reason }
            : new RotationRefusedException(message, inner) { Reason = reason };

    /// <summary>Failures that may heal on their own; steps let these propagate so the engine retries them.</summary>
    public static bool IsTransient(PostgreSqlTargetException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Failure is PostgreSqlFailure.Unreachable or PostgreSqlFailure.Other;
    }

    /// <summary>A transient failure as it is (the step is retried), anything else as a refusal.</summary>
    public static Exception Fail(PostgreSqlTargetException error, string rejected) => IsTransient(error) ? error : FromTarget(error, rejected);

    /// <param name="error">What the adapter threw.</param>
    /// <param name="rejected">The reason for refused credentials, which depends on whose they were.</param>
    public static RotationRefusedException FromTarget(PostgreSqlTargetException error, string rejected)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error.Failure switch
        {
            PostgreSqlFailure.InvalidCredentials => rejected,
            PostgreSqlFailure.Unreachable => DatabaseRotationReasons.TargetUnreachable,
            PostgreSqlFailure.TlsFailure => DatabaseRotationReasons.TlsFailure,
            PostgreSqlFailure.AccessDenied => DatabaseRotationReasons.AccessDenied,
            PostgreSqlFailure.RoleNotFound => DatabaseRotationReasons.UserNotFound,
            PostgreSqlFailure.DatabaseNotFound => DatabaseRotationReasons.InvalidField,
            PostgreSqlFailure.InvalidName => DatabaseRotationReasons.InvalidUserName,
            PostgreSqlFailure.PasswordRejected => DatabaseRotationReasons.PasswordRejected,
            PostgreSqlFailure.InvalidConfiguration => DatabaseRotationReasons.InvalidSettings,
            _ => DatabaseRotationReasons.TargetError,
        };
        return Refuse(reason, error.Message, error);
    }

    /// <summary>testSecret's verdict on a login with the pending credentials that did not work.</summary>
    public static RotationTestFailedException TestFailed(PostgreSqlTargetException error, string who)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error.Failure switch
        {
            PostgreSqlFailure.InvalidCredentials => DatabaseRotationReasons.PendingCredentialsRejected,
            PostgreSqlFailure.Unreachable => DatabaseRotationReasons.TargetUnreachable,
            PostgreSqlFailure.TlsFailure => DatabaseRotationReasons.TlsFailure,
            _ => DatabaseRotationReasons.TargetError,
        };
        return new RotationTestFailedException($"testSecret: {who} do not work: {error.Message}")
        {
            Reason = reason,
            Rejected = error.Failure == PostgreSqlFailure.InvalidCredentials,
        };
    }

    /// <summary>The note for a password the server made us store as MD5.</summary>
    public static string Md5Note(string role) =>
        $"the server's password_encryption is md5, so the password of '{role}' was stored as an MD5 verifier (computed here, never sent in clear); "
        + "set password_encryption = 'scram-sha-256' to get SCRAM";
}
