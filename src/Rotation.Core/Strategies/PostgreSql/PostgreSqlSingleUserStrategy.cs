using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>
/// AWS's PostgreSQLSingleUser template: one role changes its own password, so no admin credentials are involved. PostgreSQL
/// has no dual passwords: between setSecret and finishSecret only the pending password works (consumers holding AWSCURRENT
/// fail until they restart with the new value), which alternating users avoids. The password reaches the server only as a
/// SCRAM-SHA-256 verifier computed here (MD5 where the server's <c>password_encryption</c> asks for it, said in the notes).
/// </summary>
/// <remarks>
/// Failures that need a person are <see cref="RotationRefusedException"/> with a <see cref="DatabaseRotationReasons"/>
/// code; failures that may heal on their own (the server did not answer, or answered oddly) propagate from setSecret and
/// restore as <see cref="PostgreSqlTargetException"/> so the engine retries the step.
/// </remarks>
public sealed class PostgreSqlSingleUserStrategy : IRotationStrategy, IReplacesCurrentCredential
{
    private readonly IPostgreSqlTarget target;
    private readonly PostgreSqlRotationSettings settings;
    private readonly ILogger logger;

    public PostgreSqlSingleUserStrategy(IPostgreSqlTarget target, PostgreSqlRotationSettings? settings = null, ILogger<PostgreSqlSingleUserStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.settings = settings ?? new PostgreSqlRotationSettings();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }


    public string Name => StrategyNames.PostgreSqlSingleUser;

    /// <summary>
    /// Reads the secret and logs in with AWSCURRENT, or AWSPENDING / AWSPREVIOUS of the same role when a rotation is under
    /// way (setSecret changed the password, finishSecret has not moved the label) or the secret was edited by hand.
    /// </summary>
    public async Task ValidateAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var logins = new List<PostgreSqlRotationSecret> { current };
        if (context.Pending is not null)
        {
            logins.Add(ReadPending(context, current));
        }

        logins.AddRange(UsablePrevious(context, current));
        foreach (var login in logins)
        {
            var probe = await target.ProbeAsync(login.Endpoint, login.Credentials, cancellationToken);
            if (probe.IsOk)
            {
                return;
            }

            if (probe.Error!.Failure != PostgreSqlFailure.InvalidCredentials)
            {
                // Unreachable, TLS, a missing database: every other credential would meet the same wall.
                throw PostgreSqlRefusals.FromTarget(probe.Error, DatabaseRotationReasons.CurrentCredentialsRejected);
            }
        }

        throw PostgreSqlRefusals.Refuse(
            DatabaseRotationReasons.CurrentCredentialsRejected,
            $"{current.Server} refuses role '{current.UserName}' with the password of every version of the secret ({Stages(context)})");
    }

    /// <summary>The current JSON with a new password; every other field, known or not, is kept.</summary>
    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var password = context.Passwords.NewPassword();
        return string.IsNullOrEmpty(password)
            ? throw new InvalidOperationException("the password source returned an empty password")
            : Task.FromResult(current.Derive(current.UserName, password));
    }

    /// <summary>
    /// Done when the pending password already logs in (a re-run). Otherwise logs in with AWSCURRENT, or AWSPREVIOUS as the
    /// fallback, and changes the role's own password to the pending one.
    /// </summary>
    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var pending = ReadPending(context, current);
        var probe = await target.ProbeAsync(pending.Endpoint, pending.Credentials, cancellationToken);
        if (probe.IsOk)
        {
            logger.LogInformation("setSecret: {Secret}: the pending password of '{User}' already works on {Server}", context.SecretId, pending.UserName, pending.Server);
            return;
        }

        if (probe.Error!.Failure != PostgreSqlFailure.InvalidCredentials)
        {
            throw PostgreSqlRefusals.Fail(probe.Error, DatabaseRotationReasons.PendingCredentialsRejected);
        }

        foreach (var login in (IEnumerable<PostgreSqlRotationSecret>)[current, .. UsablePrevious(context, current)])
        {
            try
            {
                var encoding = await target.ChangeOwnPasswordAsync(login.Endpoint, login.Credentials, pending.Credentials.Password, cancellationToken);
                Note(context, encoding, login.UserName);
                logger.LogInformation(
                    "setSecret: {Secret}: changed the password of '{User}' on {Server} ({Encoding}), logged in with {Version}",
                    context.SecretId,
                    login.UserName,
                    login.Server,
                    encoding,
                    login.Description);
                return;
            }
            catch (PostgreSqlTargetException e) when (e.Failure == PostgreSqlFailure.InvalidCredentials)
            {
                // This version's password is not the one the server has: try the next.
            }
            catch (PostgreSqlTargetException e)
            {
                throw PostgreSqlRefusals.Fail(e, DatabaseRotationReasons.CurrentCredentialsRejected);
            }
        }

        throw PostgreSqlRefusals.Refuse(
            DatabaseRotationReasons.CurrentCredentialsRejected,
            $"setSecret: {current.Server} refuses role '{current.UserName}' with the passwords of {Stages(context)}; nothing was changed");
    }

    /// <summary>Logs in with the pending credentials and runs a probe query.</summary>
    public async Task TestAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = ReadPending(context, Read(context.Current, PostgreSqlSecretRole.Current));
        var probe = await target.ProbeAsync(pending.Endpoint, pending.Credentials, cancellationToken);
        if (!probe.IsOk)
        {
            throw PostgreSqlRefusals.TestFailed(probe.Error!, $"the pending credentials of '{pending.UserName}'");
        }
    }

    /// <summary>
    /// After a failed test: logs in with the pending password and sets the role's password back to AWSCURRENT's, so
    /// consumers holding AWSCURRENT keep working. A no-op when the pending password does not log in and AWSCURRENT's does.
    /// </summary>
    public async Task RestoreAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var pending = ReadPending(context, current);
        try
        {
            var encoding = await target.ChangeOwnPasswordAsync(pending.Endpoint, pending.Credentials, current.Credentials.Password, cancellationToken);
            Note(context, encoding, current.UserName);
            logger.LogWarning("restore: {Secret}: set the password of '{User}' on {Server} back to the AWSCURRENT one", context.SecretId, current.UserName, current.Server);
            return;
        }
        catch (PostgreSqlTargetException e) when (e.Failure == PostgreSqlFailure.InvalidCredentials)
        {
            // The pending password never took (or was already undone): fine if AWSCURRENT's works.
        }
        catch (PostgreSqlTargetException e)
        {
            throw PostgreSqlRefusals.Fail(e, DatabaseRotationReasons.PendingCredentialsRejected);
        }

        var probe = await target.ProbeAsync(current.Endpoint, current.Credentials, cancellationToken);
        if (!probe.IsOk)
        {
            throw PostgreSqlRefusals.Fail(probe.Error!, DatabaseRotationReasons.CurrentCredentialsRejected);
        }
    }

    private static void Note(RotationContext context, PostgreSqlPasswordEncoding encoding, string role)
    {
        if (encoding == PostgreSqlPasswordEncoding.Md5)
        {
            context.Notes.Add(PostgreSqlRefusals.Md5Note(role));
        }
    }

    private static string Stages(RotationContext context) =>
        string.Join(", ", new[]
        {
            SecretVersionStages.Current,
            context.Pending is null ? null : SecretVersionStages.Pending,
            context.Previous is null ? null : SecretVersionStages.Previous,
        }.OfType<string>());

    private PostgreSqlRotationSecret Read(SecretValue value, PostgreSqlSecretRole role) => PostgreSqlRotationSecret.Read(value, role, settings);

    private PostgreSqlRotationSecret ReadPending(RotationContext context, PostgreSqlRotationSecret current)
    {
        var value = context.Pending ?? throw new InvalidOperationException($"{context}: this step needs the AWSPENDING value, and the context has none");
        var pending = Read(value, PostgreSqlSecretRole.Pending);

        // Single user only ever changes its own password: a pending value for another role or server is not ours to set.
        if (!pending.SameAccountAs(current))
        {
            throw PostgreSqlRefusals.Refuse(
                DatabaseRotationReasons.PendingMismatch,
                $"{pending.Description} is for role '{pending.UserName}' on {pending.Server}, but {current.Description} is for '{current.UserName}' on {current.Server}");
        }

        return pending;
    }

    /// <summary>AWSPREVIOUS when it is for the same role and server; a fallback, so an unreadable one is simply not used.</summary>
    private IEnumerable<PostgreSqlRotationSecret> UsablePrevious(RotationContext context, PostgreSqlRotationSecret current)
    {
        if (context.Previous is null)
        {
            return [];
        }

        try
        {
            var previous = Read(context.Previous, PostgreSqlSecretRole.Previous);
            return previous.SameAccountAs(current) ? [previous] : [];
        }
        catch (RotationRefusedException)
        {
            return [];
        }
    }
}
