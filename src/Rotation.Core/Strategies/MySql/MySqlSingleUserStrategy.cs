using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>
/// AWS's MySQLSingleUser template: one user changes its own password, so no admin credentials are involved. Between
/// setSecret and finishSecret only the pending password works, unless <see cref="MySqlRotationSettings.DualPassword"/>
/// keeps the old one as MySQL's secondary password until <see cref="DiscardRetainedPasswordAsync"/>.
/// </summary>
/// <remarks>
/// Failures that need a person are <see cref="RotationRefusedException"/> with a <see cref="MySqlRotationReasons"/>
/// code; failures that may heal on their own (the server did not answer, or answered oddly) propagate from setSecret
/// and restore as <see cref="MySqlTargetException"/> so the engine retries the step.
/// </remarks>
public sealed class MySqlSingleUserStrategy : IRotationStrategy, IRetainsPreviousCredential, IReplacesCurrentCredential
{
    private readonly IMySqlTarget target;
    private readonly MySqlRotationSettings settings;
    private readonly ILogger logger;

    public MySqlSingleUserStrategy(IMySqlTarget target, MySqlRotationSettings? settings = null, ILogger<MySqlSingleUserStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.settings = settings ?? new MySqlRotationSettings();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name => StrategyNames.MySqlSingleUser;

    public bool RetainsPrevious => settings.DualPassword;

    public Task DiscardRetainedAsync(RotationContext context, CancellationToken cancellationToken) => DiscardRetainedPasswordAsync(context, cancellationToken);

    /// <summary>
    /// Reads the secret and logs in with AWSCURRENT, or AWSPENDING / AWSPREVIOUS of the same user when a rotation is
    /// under way or the secret was edited by hand. With dual passwords, refuses servers that lack them.
    /// </summary>
    public async Task ValidateAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tls = MySqlTlsSettings.From(settings);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, tls);
        var logins = new List<MySqlRotationSecret> { current };
        if (context.Pending is not null)
        {
            logins.Add(ReadPending(context, current, tls));
        }

        logins.AddRange(UsablePrevious(context, current, tls));
        MySqlServerInfo? server = null;
        foreach (var login in logins)
        {
            var probe = await target.ProbeAsync(login.Endpoint, login.Credentials, cancellationToken);
            if (probe.IsOk)
            {
                server = probe.Server;
                break;
            }

            if (probe.Status != MySqlProbeStatus.InvalidCredentials)
            {
                // Unreachable or TLS: every other credential would meet the same wall.
                throw MySqlRefusals.FromTarget(MySqlRefusals.ToException(probe), MySqlRotationReasons.CurrentCredentialsRejected);
            }
        }

        if (server is null)
        {
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.CurrentCredentialsRejected,
                $"{current.Server} refuses user '{current.UserName}' with the password of every version of the secret ({Stages(context)})");
        }

        if (settings.DualPassword && !server.SupportsDualPasswords)
        {
            throw DualPasswordUnsupported(server);
        }
    }

    /// <summary>The current JSON with a new password; every other field, known or not, is kept.</summary>
    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, MySqlTlsSettings.From(settings));
        return Task.FromResult(current.Derive(current.UserName, NewPassword(context)));
    }

    /// <summary>
    /// Done when the pending password already logs in (a re-run). Otherwise logs in with AWSCURRENT, or AWSPREVIOUS as
    /// the fallback, and changes the user's own password to the pending one, retaining the old one with dual passwords.
    /// </summary>
    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tls = MySqlTlsSettings.From(settings);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, tls);
        var pending = ReadPending(context, current, tls);
        var probe = await target.ProbeAsync(pending.Endpoint, pending.Credentials, cancellationToken);
        if (probe.IsOk)
        {
            logger.LogInformation("setSecret: {Secret}: the pending password of '{User}' already works on {Server}", context.SecretId, pending.UserName, pending.Server);
            return;
        }

        if (probe.Status != MySqlProbeStatus.InvalidCredentials)
        {
            throw Fail(MySqlRefusals.ToException(probe), MySqlRotationReasons.PendingCredentialsRejected);
        }

        var retention = settings.DualPassword ? MySqlPasswordRetention.RetainCurrent : MySqlPasswordRetention.Replace;
        foreach (var login in (IEnumerable<MySqlRotationSecret>)[current, .. UsablePrevious(context, current, tls)])
        {
            try
            {
                await target.ChangeOwnPasswordAsync(login.Endpoint, login.Credentials, pending.Credentials.Password, retention, cancellationToken);
                logger.LogInformation(
                    "setSecret: {Secret}: changed the password of '{User}' on {Server}, logged in with {Version} ({Retention})",
                    context.SecretId,
                    login.UserName,
                    login.Server,
                    login.Description,
                    retention);
                return;
            }
            catch (MySqlTargetException e) when (e.Failure == MySqlFailure.InvalidCredentials)
            {
                // This version's password is not the one the server has: try the next.
            }
            catch (MySqlTargetException e) when (!MySqlRefusals.IsTransient(e))
            {
                throw Fail(e, MySqlRotationReasons.CurrentCredentialsRejected);
            }
        }

        throw MySqlRefusals.Refuse(
            MySqlRotationReasons.CurrentCredentialsRejected,
            $"setSecret: {current.Server} refuses user '{current.UserName}' with the passwords of {Stages(context)}; nothing was changed");
    }

    /// <summary>Logs in with the pending credentials and runs a probe query.</summary>
    public async Task TestAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tls = MySqlTlsSettings.From(settings);
        var pending = ReadPending(context, MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, tls), tls);
        var probe = await target.ProbeAsync(pending.Endpoint, pending.Credentials, cancellationToken);
        if (!probe.IsOk)
        {
            throw MySqlRefusals.TestFailed(probe, $"the pending credentials of '{pending.UserName}'");
        }
    }

    /// <summary>
    /// After a failed test: logs in with the pending password and sets the user's password back to AWSCURRENT's, so
    /// consumers holding AWSCURRENT keep working. A no-op when the pending password does not log in and AWSCURRENT's does.
    /// </summary>
    public async Task RestoreAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tls = MySqlTlsSettings.From(settings);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, tls);
        var pending = ReadPending(context, current, tls);
        try
        {
            await target.ChangeOwnPasswordAsync(pending.Endpoint, pending.Credentials, current.Credentials.Password, MySqlPasswordRetention.Replace, cancellationToken);
            logger.LogWarning("restore: {Secret}: set the password of '{User}' on {Server} back to the AWSCURRENT one", context.SecretId, current.UserName, current.Server);
            return;
        }
        catch (MySqlTargetException e) when (e.Failure == MySqlFailure.InvalidCredentials)
        {
            // The pending password never took (or was already undone): fine if AWSCURRENT's works.
        }
        catch (MySqlTargetException e) when (!MySqlRefusals.IsTransient(e))
        {
            throw Fail(e, MySqlRotationReasons.PendingCredentialsRejected);
        }

        var probe = await target.ProbeAsync(current.Endpoint, current.Credentials, cancellationToken);
        if (!probe.IsOk)
        {
            throw Fail(MySqlRefusals.ToException(probe), MySqlRotationReasons.CurrentCredentialsRejected);
        }
    }

    /// <summary>
    /// Dual passwords: drops the retained (secondary) password, so only AWSCURRENT's works. The operator calls this once
    /// the consumers run with the new password. Logs in with <see cref="RotationContext.Current"/>; idempotent.
    /// </summary>
    /// <exception cref="RotationRefusedException">DualPasswordUnsupported, CurrentCredentialsRejected, AccessDenied (APPLICATION_PASSWORD_ADMIN), ...</exception>
    public async Task DiscardRetainedPasswordAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, MySqlTlsSettings.From(settings));
        try
        {
            await target.DiscardOwnOldPasswordAsync(current.Endpoint, current.Credentials, cancellationToken);
            logger.LogInformation("discard: {Secret}: '{User}' on {Server} has only its AWSCURRENT password now", context.SecretId, current.UserName, current.Server);
        }
        catch (MySqlTargetException e) when (!MySqlRefusals.IsTransient(e))
        {
            throw Fail(e, MySqlRotationReasons.CurrentCredentialsRejected);
        }
    }

    private static MySqlRotationSecret ReadPending(RotationContext context, MySqlRotationSecret current, MySqlTlsSettings tls)
    {
        var value = context.Pending ?? throw new InvalidOperationException($"{context}: this step needs the AWSPENDING value, and the context has none");
        var pending = MySqlRotationSecret.Read(value, MySqlSecretRole.Pending, tls);

        // Single user only ever changes its own password: a pending value for another user or server is not ours to set.
        if (!pending.SameAccountAs(current))
        {
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.PendingMismatch,
                $"{pending.Description} is for user '{pending.UserName}' on {pending.Server}, but {current.Description} is for '{current.UserName}' on {current.Server}");
        }

        return pending;
    }

    /// <summary>AWSPREVIOUS when it is for the same user and server; a fallback, so an unreadable one is simply not used.</summary>
    private static IEnumerable<MySqlRotationSecret> UsablePrevious(RotationContext context, MySqlRotationSecret current, MySqlTlsSettings tls)
    {
        if (context.Previous is null)
        {
            return [];
        }

        try
        {
            var previous = MySqlRotationSecret.Read(context.Previous, MySqlSecretRole.Previous, tls);
            return previous.SameAccountAs(current) ? [previous] : [];
        }
        catch (RotationRefusedException)
        {
            return [];
        }
    }

    private static string NewPassword(RotationContext context)
    {
        var password = context.Passwords.NewPassword();
        return string.IsNullOrEmpty(password) ? throw new InvalidOperationException("the password source returned an empty password") : password;
    }

    private static string Stages(RotationContext context) =>
        string.Join(", ", new[]
        {
            SecretVersionStages.Current,
            context.Pending is null ? null : SecretVersionStages.Pending,
            context.Previous is null ? null : SecretVersionStages.Previous,
        }.OfType<string>());

    private static Exception Fail(MySqlTargetException error, string rejected) =>
        MySqlRefusals.IsTransient(error) ? error : MySqlRefusals.FromTarget(error, rejected);

    private static RotationRefusedException DualPasswordUnsupported(MySqlServerInfo server) =>
        MySqlRefusals.Refuse(
            MySqlRotationReasons.DualPasswordUnsupported,
            $"dual passwords are on, but {server.Flavor} {server.VersionText} cannot keep a second password (MySQL 8.0.14 or later can); "
            + "turn dual passwords off for this resource or rotate with alternating users");
}
