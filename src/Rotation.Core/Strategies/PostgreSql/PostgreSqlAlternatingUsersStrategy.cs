using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>
/// AWS's PostgreSQLMultiUser template: <c>app</c> and <c>app_clone</c> take turns, so the current user is never touched and
/// consumers keep working through the whole rotation; the previous user keeps its password until the next rotation's
/// setSecret. When the clone is the pending user, setSecret (as the admin, in one transaction) makes it stand in for the
/// original: the original's INHERIT, CONNECTION LIMIT and VALID UNTIL, its role memberships, its database CONNECT grants
/// and its per-role settings, plus membership in the original. When the original is the pending user, only its password
/// changes. Passwords reach the server only as verifiers computed here.
/// </summary>
/// <remarks>
/// <para>
/// One owner for new objects: the clone gets <c>ALTER ROLE clone SET role = 'original'</c> (or the role the original's own
/// sessions are set to act as), so every session of the clone acts as the original from its first statement, and what it
/// creates belongs to the original. Either user can then ALTER and DROP what the other created, after any number of flips:
/// objects of the original role are the original's whether its own sessions or the clone's made them. AWS's template
/// grants the original to the clone instead, so the clone's objects belong to the clone and the original cannot alter them.
/// The setting is the role's default for <c>role</c>, so <c>RESET ROLE</c> and a pooler's <c>DISCARD ALL</c> come back
/// to it; only an explicit <c>SET ROLE NONE</c> acts as the clone itself, and then the copied memberships, CONNECT and
/// settings still give it what the original has. Applications see <c>current_user</c> = the original in both users'
/// sessions (<c>session_user</c> tells them apart). Alternatives ruled out: ALTER DEFAULT PRIVILEGES only grants access to
/// the other user's objects (it cannot let it ALTER or DROP them), and an event trigger reassigning owners needs a superuser.
/// </para>
/// <para>
/// Confused-deputy guard: the admin acts for a secret only after that secret's own AWSCURRENT credentials have logged in,
/// and only on the server the admin secret is for. Failures that need a person are <see cref="RotationRefusedException"/>;
/// failures that may heal (unreachable, unexpected answers) propagate from setSecret as <see cref="PostgreSqlTargetException"/>.
/// </para>
/// </remarks>
public sealed class PostgreSqlAlternatingUsersStrategy : IRotationStrategy
{
    private readonly IPostgreSqlTarget target;
    private readonly PostgreSqlRotationSettings settings;
    private readonly ILogger logger;

    public PostgreSqlAlternatingUsersStrategy(
        IPostgreSqlTarget target, PostgreSqlRotationSettings? settings = null, ILogger<PostgreSqlAlternatingUsersStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.settings = settings ?? new PostgreSqlRotationSettings { Alternating = true };
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }


    public string Name => StrategyNames.PostgreSqlAlternatingUsers;

    /// <summary>
    /// Reads the secret and the admin secret, logs in with AWSCURRENT, then as the admin, and checks the admin may manage
    /// roles (CREATEROLE or SUPERUSER), the other user's name is valid, and, when the other user is the original, that it
    /// exists and the current user is its clone. Changes nothing.
    /// </summary>
    public async Task ValidateAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var next = context.Pending is null ? AlternateOf(context, current) : ReadPending(context, current).UserName;
        var admin = await PostgreSqlMasterSecret.ReadAsync(context, current, settings, cancellationToken);
        await RequireCurrentLoginAsync(current, transientPropagates: false, cancellationToken);
        await using var session = await OpenAdminAsync(admin, current, transientPropagates: false, cancellationToken);
        try
        {
            var self = await session.GetCurrentRoleAsync(cancellationToken);
            if (!self.Superuser && !self.CreateRole)
            {
                throw PostgreSqlRefusals.Refuse(
                    DatabaseRotationReasons.MasterCredentialsRejected,
                    $"{admin.Description} logs in as '{self.Name}', which may not manage roles: it has neither CREATEROLE nor SUPERUSER");
            }

            var other = await session.GetRoleAsync(next, cancellationToken);
            if (PostgreSqlCloneNames.IsClone(current.UserName) && (other is null || !await session.IsMemberOfAsync(current.UserName, next, cancellationToken)))
            {
                throw PostgreSqlRefusals.Refuse(
                    DatabaseRotationReasons.UserNotFound,
                    $"'{current.UserName}' is a clone, and after it comes its original '{next}', but on {current.Server} "
                    + (other is null ? "that role does not exist" : $"'{current.UserName}' is not a member of it")
                    + "; when a clone's name was cut to 63 bytes, AWSPREVIOUS must hold the original user");
            }
        }
        catch (PostgreSqlTargetException e)
        {
            throw AdminFailure(e, admin);
        }
    }

    /// <summary>The current JSON with the other user's name and a new password; every other field is kept.</summary>
    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var password = context.Passwords.NewPassword();
        return string.IsNullOrEmpty(password)
            ? throw new InvalidOperationException("the password source returned an empty password")
            : Task.FromResult(current.Derive(AlternateOf(context, current), password));
    }

    /// <summary>
    /// Logs in with AWSCURRENT first (refuses when it does not work), then as the admin: when the pending user is the clone,
    /// creates or brings it in line with the original and sets its password, all in one transaction; when it is the
    /// original, sets its password. A re-run after a crash converges.
    /// </summary>
    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = Read(context.Current, PostgreSqlSecretRole.Current);
        var pending = ReadPending(context, current);
        var admin = await PostgreSqlMasterSecret.ReadAsync(context, current, settings, cancellationToken);
        await RequireCurrentLoginAsync(current, transientPropagates: true, cancellationToken);
        await using var session = await OpenAdminAsync(admin, current, transientPropagates: true, cancellationToken);
        try
        {
            PostgreSqlPasswordEncoding encoding;
            if (PostgreSqlCloneNames.IsClone(pending.UserName))
            {
                var report = await session.CloneRoleAsync(current.UserName, pending.UserName, pending.Credentials.Password, cancellationToken);
                encoding = report.Encoding;
                logger.LogInformation(
                    "setSecret: {Secret}: '{Clone}' stands in for '{Original}' on {Server} (created: {Created}; acts as '{Owner}'); changed [{Changed}]; beyond the original [{Beyond}]; not copied [{NotCopied}]; password set ({Encoding})",
                    context.SecretId,
                    pending.UserName,
                    current.UserName,
                    current.Server,
                    report.Created,
                    report.Owner,
                    string.Join("; ", report.Changed),
                    string.Join("; ", report.Beyond),
                    string.Join("; ", report.NotCopied),
                    encoding);
                if (report.Beyond.Count > 0)
                {
                    context.Notes.Add($"'{pending.UserName}' has more than '{current.UserName}': {string.Join("; ", report.Beyond)}");
                }

                if (report.NotCopied.Count > 0)
                {
                    context.Notes.Add($"'{pending.UserName}' lacks what the admin may not copy from '{current.UserName}': {string.Join("; ", report.NotCopied)}");
                }
            }
            else
            {
                encoding = await session.SetPasswordAsync(pending.UserName, pending.Credentials.Password, cancellationToken);
                logger.LogInformation(
                    "setSecret: {Secret}: set the password of the original '{User}' on {Server} ({Encoding})", context.SecretId, pending.UserName, pending.Server, encoding);
            }

            if (encoding == PostgreSqlPasswordEncoding.Md5)
            {
                context.Notes.Add(PostgreSqlRefusals.Md5Note(pending.UserName));
            }
        }
        catch (PostgreSqlTargetException e) when (!PostgreSqlRefusals.IsTransient(e))
        {
            throw AdminFailure(e, admin);
        }
    }

    /// <summary>Logs in as the pending user and runs a probe query.</summary>
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

    /// <summary>Nothing to restore: setSecret never touches the current user.</summary>
    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private PostgreSqlRotationSecret Read(SecretValue value, PostgreSqlSecretRole role) => PostgreSqlRotationSecret.Read(value, role, settings);

    /// <summary>The user after the current one; AWSPREVIOUS names the original of a clone whose name was cut.</summary>
    private string AlternateOf(RotationContext context, PostgreSqlRotationSecret current)
    {
        string? previous = null;
        if (context.Previous is not null)
        {
            try
            {
                var read = Read(context.Previous, PostgreSqlSecretRole.Previous);
                previous = read.SameServerAs(current) ? read.UserName : null;
            }
            catch (RotationRefusedException)
            {
                // Only a hint: an unreadable AWSPREVIOUS leaves the name rule.
            }
        }

        return PostgreSqlCloneNames.AlternateOf(current.UserName, previous);
    }

    private PostgreSqlRotationSecret ReadPending(RotationContext context, PostgreSqlRotationSecret current)
    {
        var value = context.Pending ?? throw new InvalidOperationException($"{context}: this step needs the AWSPENDING value, and the context has none");
        var pending = Read(value, PostgreSqlSecretRole.Pending);

        // The admin overwrites the pending user's password and memberships: it must be the current user's twin, nobody else.
        if (!pending.SameServerAs(current) || !PostgreSqlCloneNames.IsPair(current.UserName, pending.UserName))
        {
            throw PostgreSqlRefusals.Refuse(
                DatabaseRotationReasons.PendingMismatch,
                $"{pending.Description} is for role '{pending.UserName}' on {pending.Server}, but '{current.UserName}' on {current.Server} "
                + $"alternates only with '{PostgreSqlCloneNames.AlternateOf(current.UserName, null)}' there");
        }

        return pending;
    }

    /// <summary>A wrong admin password and an admin without the privileges to manage roles are the same problem to fix.</summary>
    private static RotationRefusedException AdminFailure(PostgreSqlTargetException error, PostgreSqlRotationSecret admin) =>
        error.Failure is PostgreSqlFailure.InvalidCredentials or PostgreSqlFailure.AccessDenied
            ? PostgreSqlRefusals.Refuse(
                DatabaseRotationReasons.MasterCredentialsRejected,
                $"{admin.Description} (role '{admin.UserName}') cannot manage the roles: {error.Message}",
                error)
            : PostgreSqlRefusals.FromTarget(error, DatabaseRotationReasons.MasterCredentialsRejected);

    /// <summary>The confused-deputy guard: the secret's own credentials must work before the admin acts for it.</summary>
    private async Task RequireCurrentLoginAsync(PostgreSqlRotationSecret current, bool transientPropagates, CancellationToken cancellationToken)
    {
        var probe = await target.ProbeAsync(current.Endpoint, current.Credentials, cancellationToken);
        if (probe.IsOk)
        {
            return;
        }

        var error = probe.Error!;
        if (transientPropagates && PostgreSqlRefusals.IsTransient(error))
        {
            throw error;
        }

        throw error.Failure == PostgreSqlFailure.InvalidCredentials
            ? PostgreSqlRefusals.Refuse(
                DatabaseRotationReasons.CurrentCredentialsRejected,
                $"{current.Description} does not log in ({error.Message}); the admin acts for a secret only after its own credentials work",
                error)
            : PostgreSqlRefusals.FromTarget(error, DatabaseRotationReasons.CurrentCredentialsRejected);
    }

    /// <summary>The admin's session, in the user's database (as AWS's template connects).</summary>
    private async Task<IPostgreSqlAdminSession> OpenAdminAsync(
        PostgreSqlRotationSecret admin, PostgreSqlRotationSecret user, bool transientPropagates, CancellationToken cancellationToken)
    {
        try
        {
            return await target.OpenAdminSessionAsync(admin.EndpointIn(user.Endpoint.Database), admin.Credentials, cancellationToken);
        }
        catch (PostgreSqlTargetException e) when (!(transientPropagates && PostgreSqlRefusals.IsTransient(e)))
        {
            throw AdminFailure(e, admin);
        }
    }
}
