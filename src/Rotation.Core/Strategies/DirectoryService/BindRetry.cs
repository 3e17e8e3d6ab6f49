using Rotator.Rotation.Ldap;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// Repeats a bind until it succeeds or <see cref="DirectoryServiceAdminOptions.BindRetryTimeout"/> has passed, with a
/// doubling delay: a controller that has not yet replicated a reset password refuses it for a while (see
/// <see cref="DirectoryServiceAdminOptions"/>). A TLS failure is not retried: it is configuration, not lag.
/// </summary>
internal sealed class BindRetry(DirectoryServiceAdminOptions options, TimeProvider time)
{
    public async Task<BindAttempts> BindAsync(Func<CancellationToken, Task<LdapBindResult>> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        var start = time.GetTimestamp();
        var delay = options.BindRetryFirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            var result = await bind(cancellationToken);
            var elapsed = time.GetElapsedTime(start);
            if (result.Outcome is LdapBindOutcome.Success or LdapBindOutcome.TlsFailure || elapsed >= options.BindRetryTimeout)
            {
                return new BindAttempts(result, attempt, elapsed);
            }

            var remaining = options.BindRetryTimeout - elapsed;
            await Task.Delay(delay < remaining ? delay : remaining, time, cancellationToken);
            delay = delay * 2 < options.BindRetryMaxDelay ? delay * 2 : options.BindRetryMaxDelay;
        }
    }
}
