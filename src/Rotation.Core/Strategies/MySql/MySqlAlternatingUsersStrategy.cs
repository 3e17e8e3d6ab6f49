using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>
/// AWS's MySQLAlternatingUsers template: <c>app</c> and <c>app_clone</c> take turns. setSecret makes the user that is not
/// current a twin of the current one (an account on every host, the same grants, roles and REQUIRE, nothing more) with
/// the pending password, using the admin secret. The current user is never touched, so consumers keep working through
/// the whole rotation and the previous user keeps working until the next rotation's setSecret.
/// </summary>
/// <remarks>
/// Confused-deputy guard: the admin acts for a secret only after that secret's own AWSCURRENT credentials have logged
/// in, and only on the server the admin secret is for; so writing someone else's user name into a secret gets no one
/// that user's grants. Failures that need a person are <see cref="RotationRefusedException"/>; failures that may heal
/// (unreachable, unexpected server answers) propagate from setSecret as <see cref="MySqlTargetException"/>.
/// </remarks>
public sealed class MySqlAlternatingUsersStrategy : IRotationStrategy
{
    private readonly IMySqlTarget target;
    private readonly MySqlRotationSettings settings;
    private readonly ILogger logger;

    public MySqlAlternatingUsersStrategy(IMySqlTarget target, MySqlRotationSettings? settings = null, ILogger<MySqlAlternatingUsersStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.settings = settings ?? new MySqlRotationSettings { Alternating = true };
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name => StrategyNames.MySqlAlternatingUsers;

    /// <summary>
    /// Reads the secret and the admin secret, logs in with AWSCURRENT, then as the admin, and checks that the admin may
    /// read the user's accounts and that the other user's name fits the server's limit. Changes nothing.
    /// </summary>
    public async Task ValidateAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tls = MySqlTlsSettings.From(settings);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, tls);
        if (context.Pending is not null)
        {
            ReadPending(context, current, tls);
        }

        var admin = await MySqlMasterSecret.ReadAsync(context, settings.MasterSecretId, current, tls, cancellationToken);
        await RequireCurrentLoginAsync(current, transientPropagates: false, cancellationToken);
        await using var session = await OpenAdminAsync(admin, transientPropagates: false, cancellationToken);
        var next = MySqlCloneNames.AlternateOf(current.UserName);
        CheckUserName(next, session.Server);
        IReadOnlyList<string> hosts;
        try
        {
            hosts = await session.GetHostsAsync(current.UserName, cancellationToken);
        }
        catch (MySqlTargetException e)
        {
            throw AdminFailure(e, admin);
        }

        if (hosts.Count == 0)
        {
            // It logged in, so an anonymous or proxy account matched; cloning would copy nothing of the user's own.
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.UserNotFound,
                $"'{current.UserName}' logged in to {current.Server} but has no account of its own in mysql.user");
        }
    }

    /// <summary>The current JSON with the other user's name and a new password; every other field is kept.</summary>
    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, MySqlTlsSettings.From(settings));
        var password = context.Passwords.NewPassword();
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException("the password source returned an empty password");
        }

        return Task.FromResult(current.Derive(MySqlCloneNames.AlternateOf(current.UserName), password));
    }

    /// <summary>
    /// Logs in with AWSCURRENT first (refuses when it does not work), then as the admin: clones the current user onto the
    /// pending one on every host the current one has (creating missing accounts, copying grants with their grant option,
    /// roles, dynamic privileges and REQUIRE, revoking what the current user does not hold) and sets the pending
    /// user's password on all its hosts. Every part converges, so a re-run after a crash finishes the job.
    /// </summary>
    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tls = MySqlTlsSettings.From(settings);
        var current = MySqlRotationSecret.Read(context.Current, MySqlSecretRole.Current, tls);
        var pending = ReadPending(context, current, tls);
        var admin = await MySqlMasterSecret.ReadAsync(context, settings.MasterSecretId, current, tls, cancellationToken);
        await RequireCurrentLoginAsync(current, transientPropagates: true, cancellationToken);
        await using var session = await OpenAdminAsync(admin, transientPropagates: true, cancellationToken);
        CheckUserName(pending.UserName, session.Server);
        try
        {
            var report = await session.CloneUserAsync(current.UserName, pending.UserName, pending.Credentials.Password, cancellationToken);
            await session.SetPasswordAsync(pending.UserName, pending.Credentials.Password, MySqlPasswordRetention.Replace, cancellationToken);
            logger.LogInformation(
                "setSecret: {Secret}: '{Pending}' is a twin of '{Current}' on {Server}: created on [{Created}], granted [{Granted}], revoked [{Revoked}], orphan hosts [{Orphans}]; password set",
                context.SecretId,
                pending.UserName,
                current.UserName,
                current.Server,
                string.Join("; ", report.CreatedHosts),
                string.Join("; ", report.Granted),
                string.Join("; ", report.Revoked),
                string.Join("; ", report.OrphanHosts));
        }
        catch (MySqlTargetException e) when (!MySqlRefusals.IsTransient(e))
        {
            throw AdminFailure(e, admin);
        }
    }

    /// <summary>Logs in as the pending user and runs a probe query.</summary>
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

    /// <summary>Nothing to restore: setSecret never touches the current user.</summary>
    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private static MySqlRotationSecret ReadPending(RotationContext context, MySqlRotationSecret current, MySqlTlsSettings tls)
    {
        var value = context.Pending ?? throw new InvalidOperationException($"{context}: this step needs the AWSPENDING value, and the context has none");
        var pending = MySqlRotationSecret.Read(value, MySqlSecretRole.Pending, tls);

        // The admin overwrites the pending user's grants and password: it must be the current user's twin, nobody else.
        var expected = MySqlCloneNames.AlternateOf(current.UserName);
        if (!pending.SameServerAs(current) || !string.Equals(pending.UserName, expected, StringComparison.Ordinal))
        {
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.PendingMismatch,
                $"{pending.Description} is for user '{pending.UserName}' on {pending.Server}, but after '{current.UserName}' on {current.Server} comes '{expected}' there");
        }

        return pending;
    }

    private static void CheckUserName(string user, MySqlServerInfo server)
    {
        if (user.Length > server.MaxUserNameLength)
        {
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.UserNameTooLong,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the alternate user '{user}' is {user.Length} characters long and {server.Flavor} {server.VersionText} accepts at most {server.MaxUserNameLength}; "
                    + $"shorten the user name to {server.MaxUserNameLength - MySqlCloneNames.Suffix.Length} characters or fewer"));
        }

        try
        {
            MySqlUserNames.Validate(user, server);
        }
        catch (MySqlTargetException e)
        {
            throw MySqlRefusals.FromTarget(e, MySqlRotationReasons.CurrentCredentialsRejected);
        }
    }

    /// <summary>A wrong admin password and an admin without the privileges to manage users are the same problem to fix.</summary>
    private static RotationRefusedException AdminFailure(MySqlTargetException error, MySqlRotationSecret admin) =>
        error.Failure is MySqlFailure.InvalidCredentials or MySqlFailure.AccessDenied
            ? MySqlRefusals.Refuse(
                MySqlRotationReasons.MasterCredentialsRejected,
                $"{admin.Description} (user '{admin.UserName}') cannot manage users: {error.Message}",
                error)
            : MySqlRefusals.FromTarget(error, MySqlRotationReasons.MasterCredentialsRejected);

    /// <summary>The confused-deputy guard: the secret's own credentials must work before the admin acts for it.</summary>
    private async Task RequireCurrentLoginAsync(MySqlRotationSecret current, bool transientPropagates, CancellationToken cancellationToken)
    {
        var probe = await target.ProbeAsync(current.Endpoint, current.Credentials, cancellationToken);
        if (probe.IsOk)
        {
            return;
        }

        var error = MySqlRefusals.ToException(probe);
        if (transientPropagates && MySqlRefusals.IsTransient(error))
        {
            throw error;
        }

        throw probe.Status == MySqlProbeStatus.InvalidCredentials
            ? MySqlRefusals.Refuse(
                MySqlRotationReasons.CurrentCredentialsRejected,
                $"{current.Description} does not log in ({probe.Message}); the admin acts for a secret only after its own credentials work",
                error)
            : MySqlRefusals.FromTarget(error, MySqlRotationReasons.CurrentCredentialsRejected);
    }

    private async Task<IMySqlAdminSession> OpenAdminAsync(MySqlRotationSecret admin, bool transientPropagates, CancellationToken cancellationToken)
    {
        try
        {
            return await target.OpenAdminSessionAsync(admin.Endpoint, admin.Credentials, cancellationToken);
        }
        catch (MySqlTargetException e) when (!(transientPropagates && MySqlRefusals.IsTransient(e)))
        {
            throw AdminFailure(e, admin);
        }
    }
}
