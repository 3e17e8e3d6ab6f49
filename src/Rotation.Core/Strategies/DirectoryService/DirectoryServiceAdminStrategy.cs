using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// AWS's Directory Service admin rotation: setSecret resets the user's password with <c>ds:ResetUserPassword</c>,
/// testSecret binds over LDAP with the pending password, and a failed test resets it back to AWSCURRENT's (as AWS's AD
/// template does), so consumers keep working. Like MySQL single user, only the pending password works between setSecret
/// and finishSecret: ResetUserPassword replaces the password at once.
/// </summary>
/// <remarks>
/// The secret holds <c>username</c>/<c>password</c> and optionally <c>directoryId</c>, or the same three as
/// <c>awsSeamlessDomain*</c> (EC2 seamless domain join's names); a rotation writes the spelling it found and keeps every
/// other field. The directory id may come from <see cref="DirectoryServiceRotationSettings.DirectoryId"/> instead. Failures a person must
/// fix are <see cref="RotationRefusedException"/> with a <see cref="DirectoryServiceRotationReasons"/> code; Directory
/// Service being busy or briefly unavailable propagates so the engine's next run retries the step.
/// </remarks>
public sealed class DirectoryServiceAdminStrategy : IRotationStrategy, IReplacesCurrentCredential
{
    // A random 32-character password fails the complexity rule about once in a billion draws; a few redraws make
    // a refusal mean "the policy cannot work", never bad luck.
    private const int PasswordDraws = 5;

    // Stages in which a directory takes ResetUserPassword; the others are being built, torn down or broken.
    private static readonly string[] UsableStages = ["Active", "Impaired", "Updating"];

    private readonly IDirectoryService directoryService;
    private readonly ILdapVerifier verifier;
    private readonly DirectoryServiceAdminOptions options;
    private readonly DirectoryServiceRotationSettings settings;
    private readonly ILogger logger;

    /// <param name="directoryService">Directory Service in the directory's region.</param>
    /// <param name="verifier">Binds for testSecret and for setSecret's "already done?" check.</param>
    /// <param name="options">testSecret's retry period; defaults when null. Its delays run on <see cref="RotationContext.Time"/>.</param>
    /// <param name="logger">Receives step progress; never a password.</param>
    /// <param name="settings">The resource's directory id and verify settings; defaults when null.</param>
    public DirectoryServiceAdminStrategy(
        IDirectoryService directoryService, ILdapVerifier verifier, DirectoryServiceAdminOptions? options = null, ILogger<DirectoryServiceAdminStrategy>? logger = null,
        DirectoryServiceRotationSettings? settings = null)
    {
        this.settings = settings ?? new DirectoryServiceRotationSettings();
        ArgumentNullException.ThrowIfNull(directoryService);
        ArgumentNullException.ThrowIfNull(verifier);
        this.directoryService = directoryService;
        this.verifier = verifier;
        this.options = options ?? new DirectoryServiceAdminOptions();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name => StrategyNames.DirectoryServiceAdmin;

    /// <summary>
    /// Checks the secret's fields, the resource's verify settings, that the directory exists and is usable, and that
    /// the password policy can make a password the directory accepts. Does not bind: an unreachable LDAP server is
    /// testSecret's failure to report (and restore after), not a reason to refuse before anything changed.
    /// </summary>
    public async Task ValidateAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = DirectoryAdminSecret.Read(context.Current, SecretVersionStages.Current);
        if (context.Passwords is PasswordGenerator generator && DirectoryPasswordRules.PolicyProblem(generator.Policy) is { } problem)
        {
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.PasswordPolicyUnsatisfiable, problem);
        }

        await ResolveAsync(context, current, cancellationToken);
    }

    /// <summary>The current JSON with a new password in the field the secret uses; every other field is kept.</summary>
    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = DirectoryAdminSecret.Read(context.Current, SecretVersionStages.Current);
        string? problem = null;
        for (var draw = 0; draw < PasswordDraws; draw++)
        {
            var password = context.Passwords.NewPassword();
            problem = DirectoryPasswordRules.PasswordProblem(password, current.UserName);
            if (problem is null)
            {
                return Task.FromResult(current.Derive(password));
            }
        }

        throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.PasswordPolicyUnsatisfiable, $"{problem} ({PasswordDraws} draws)");
    }

    /// <summary>Done when the pending password already binds (a re-run); otherwise resets the user's password to it.</summary>
    public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (current, pending) = ReadPair(context);
        var endpoint = await ResolveAsync(context, current, cancellationToken);
        var probe = await verifier.VerifyBindAsync(endpoint.Ldap, endpoint.BindName, pending.Password, cancellationToken);
        if (probe.Outcome == LdapBindOutcome.TlsFailure)
        {
            // testSecret could not bind either: the trust settings (or the server's certificate) need a person, and
            // resetting the password now would only have to be undone.
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.TlsFailure,
                $"setSecret: TLS to {endpoint.Description} failed, so the new password could not be verified; nothing was changed: {probe.Message}");
        }

        if (probe.Succeeded)
        {
            logger.LogInformation(
                "setSecret: {Secret}: the pending password of '{User}' already binds to {Directory}", context.SecretId, current.UserName, endpoint.Description);
            return;
        }

        await ResetAsync(endpoint, current.UserName, pending.Password, "setSecret", cancellationToken);
        logger.LogInformation(
            "setSecret: {Secret}: reset the password of '{User}' in {Directory} to the pending one", context.SecretId, current.UserName, endpoint.Description);
    }

    /// <summary>
    /// Binds with the pending password, retrying for <see cref="DirectoryServiceAdminOptions.BindRetryTimeout"/> while
    /// the directory refuses it or does not answer (replication lag between domain controllers).
    /// </summary>
    public async Task TestAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (current, pending) = ReadPair(context);
        var endpoint = await ResolveAsync(context, current, cancellationToken);
        var retry = new BindRetry(options, context.Time);
        var attempts = await retry.BindAsync(ct => verifier.VerifyBindAsync(endpoint.Ldap, endpoint.BindName, pending.Password, ct), cancellationToken);
        if (!attempts.Last.Succeeded)
        {
            throw DirectoryRefusals.TestFailed(attempts, $"the pending password of '{current.UserName}' in {endpoint.Description}");
        }

        logger.LogInformation(
            "testSecret: {Secret}: the pending password of '{User}' binds to {Server} ({Attempts})",
            context.SecretId,
            current.UserName,
            attempts.Last.Server,
            attempts.Describe());
    }

    /// <summary>
    /// After a failed test: resets the password back to AWSCURRENT's. Always resets rather than checking with a bind
    /// first: a controller that has not replicated setSecret's reset would accept the old password and hide that the
    /// directory holds the pending one.
    /// </summary>
    public async Task RestoreAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = DirectoryAdminSecret.Read(context.Current, SecretVersionStages.Current);
        var endpoint = await ResolveAsync(context, current, cancellationToken);
        await ResetAsync(endpoint, current.UserName, current.Password, "restore", cancellationToken);
        logger.LogWarning(
            "restore: {Secret}: reset the password of '{User}' in {Directory} back to the AWSCURRENT one", context.SecretId, current.UserName, endpoint.Description);
    }

    private async Task ResetAsync(DirectoryEndpoint endpoint, string userName, string password, string step, CancellationToken cancellationToken)
    {
        try
        {
            await directoryService.ResetUserPasswordAsync(endpoint.DirectoryId, userName, password, cancellationToken);
        }
        catch (AwsServiceException e) when (DirectoryRefusals.FromDirectoryService(e, $"{step}: resetting the password of '{userName}' in {endpoint.Description}") is { } refusal)
        {
            throw refusal;
        }
    }

    private (DirectoryAdminSecret Current, DirectoryAdminSecret Pending) ReadPair(RotationContext context)
    {
        var current = DirectoryAdminSecret.Read(context.Current, SecretVersionStages.Current);
        var value = context.Pending ?? throw new InvalidOperationException($"{context}: this step needs the AWSPENDING value, and the context has none");
        var pending = DirectoryAdminSecret.Read(value, SecretVersionStages.Pending);
        var directoryId = DirectoryIdOf(settings, current);

        // A pending value for another user or directory is not this rotation's to set.
        if (!pending.SameAccountAs(current, directoryId))
        {
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.PendingMismatch,
                $"{pending.Description} is for user '{pending.UserName}' in {pending.DirectoryId ?? directoryId}, "
                + $"but {current.Description} is for '{current.UserName}' in {current.DirectoryId ?? directoryId}");
        }

        return (current, pending);
    }

    /// <summary>The directory id from the resource or the secret; both may give it, but then they must agree.</summary>
    private static string DirectoryIdOf(DirectoryServiceRotationSettings settings, DirectoryAdminSecret secret)
    {
        var configured = string.IsNullOrWhiteSpace(settings.DirectoryId) ? null : settings.DirectoryId.Trim();
        if (configured is not null)
        {
            DirectoryAdminSecret.CheckDirectoryId(configured, "directoryService.directoryId");
        }

        if (configured is not null && secret.DirectoryId is not null && !string.Equals(configured, secret.DirectoryId, StringComparison.OrdinalIgnoreCase))
        {
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.DirectoryIdMismatch,
                $"directoryService.directoryId is {configured}, but field '{secret.Fields.DirectoryId}' of {secret.Description} is {secret.DirectoryId}; "
                + "remove one or make them agree");
        }

        var directoryId = configured ?? secret.DirectoryId ?? throw DirectoryRefusals.Refuse(
            DirectoryServiceRotationReasons.MissingField,
            $"no directory id: {secret.Description} has no field '{secret.Fields.DirectoryId}' and the resource sets no directoryService.directoryId");

        // AWS's ids are lowercase (d-[0-9a-f]{10}) and its API compares them exactly; people write D-... or hex in capitals.
        return directoryId.ToLowerInvariant();
    }

    private async Task<DirectoryEndpoint> ResolveAsync(RotationContext context, DirectoryAdminSecret secret, CancellationToken cancellationToken)
    {
        var directoryId = DirectoryIdOf(settings, secret);
        var verify = DirectoryVerifySettings.Read(settings);
        DirectoryDescription? directory;
        try
        {
            var found = await directoryService.DescribeDirectoriesAsync([directoryId], cancellationToken);
            directory = found.FirstOrDefault(d => string.Equals(d.DirectoryId, directoryId, StringComparison.OrdinalIgnoreCase));
        }
        catch (AwsServiceException e) when (DirectoryRefusals.FromDirectoryService(e, $"describing directory {directoryId}") is { } refusal)
        {
            throw refusal;
        }

        if (directory is null)
        {
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.DirectoryNotFound, $"Directory Service does not know directory {directoryId} (or this identity may not see it)");
        }

        if (!UsableStages.Contains(directory.Stage, StringComparer.OrdinalIgnoreCase))
        {
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.DirectoryNotActive, $"directory {directoryId} is {directory.Stage}; passwords can be reset once it is Active");
        }

        var ldap = verify.Directory(directory.DnsIpAddrs);
        if (ldap is null)
        {
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.NoLdapAddress,
                $"directory {directoryId} reports no DNS addresses to bind to; set directoryService.verify.url");
        }

        string bindName;
        try
        {
            bindName = verify.BindName.Render(new BindNameValues(secret.UserName, directory.Name, directory.DirectoryId));
        }
        catch (InvalidOperationException e)
        {
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.InvalidSettings, $"directoryService.verify.bindDn: {e.Message}", e);
        }

        return new DirectoryEndpoint(directory.DirectoryId, directory.Name, ldap, bindName);
    }
}
