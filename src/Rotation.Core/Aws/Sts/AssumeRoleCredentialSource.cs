using Rotator.Rotation.Aws.Credentials;

namespace Rotator.Rotation.Aws.Sts;

/// <summary>
/// Credentials of a role assumed for one resource, cached until shortly before they expire. The
/// caller's own credentials (usually <see cref="DefaultAwsCredentialSource"/>) are used only to call STS.
/// </summary>
public sealed class AssumeRoleCredentialSource : IAwsCredentialSource, IDisposable
{
    private readonly StsClient sts;
    private readonly IAwsCredentialSource caller;
    private readonly TimeProvider time;
    private readonly TimeSpan refreshBefore;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private AwsCredentials? cached;

    /// <param name="sts">STS client to call AssumeRole with.</param>
    /// <param name="caller">Credentials that may assume the role.</param>
    /// <param name="settings">The role and the resource it is assumed for.</param>
    /// <param name="time">Clock that decides when the cached credentials are too old.</param>
    /// <param name="refreshBefore">How long before expiry to assume the role again (5 minutes when null):
    /// a signed request must still be valid when it arrives, retries included.</param>
    public AssumeRoleCredentialSource(StsClient sts, IAwsCredentialSource caller, AssumeRoleSettings settings, TimeProvider time, TimeSpan? refreshBefore = null)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        settings.Validate();
        this.sts = sts;
        this.caller = caller;
        this.time = time;
        Settings = settings;
        this.refreshBefore = refreshBefore ?? TimeSpan.FromMinutes(5);
    }

    public AssumeRoleSettings Settings { get; }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Fresh(cached) is { } current)
        {
            return current;
        }

        // One AssumeRole at a time: a burst of calls after expiry must not become a burst of STS calls.
        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(cached) is { } renewed)
            {
                return renewed;
            }

            var role = await sts.AssumeRoleAsync(Settings, caller, cancellationToken);
            cached = role.Credentials;
            return role.Credentials;
        }
        finally
        {
            refresh.Release();
        }
    }

    public void Dispose() => refresh.Dispose();

    private AwsCredentials? Fresh(AwsCredentials? credentials) =>
        credentials?.Expiration is { } expiration && time.GetUtcNow() < expiration - refreshBefore ? credentials : null;
}
