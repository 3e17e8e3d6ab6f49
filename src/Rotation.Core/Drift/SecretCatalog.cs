using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Drift;

/// <summary>
/// Drift detection for many secrets of one account, region and identity at the price of a few
/// ListSecrets pages. ListSecrets returns each secret's version-to-label map and change date, up to 100
/// secrets a page, so one listing per refresh interval replaces one DescribeSecret per secret per
/// interval (the cost model of External Secrets Operator: 12 calls per secret-hour at 5 minutes).
/// </summary>
/// <remarks>
/// <para>The catalog lists only where listing is cheaper. The secrets asked about since the previous
/// listing are the demand; a listing may take at most that many pages, because describing each of them
/// would cost that many calls. A listing that runs past its budget (an account with far more secrets
/// than this operator manages) is abandoned, callers describe, and the next attempt waits for twice the
/// demand. One resource with its own role gets its own catalog and so never lists.</para>
/// <para>ListSecrets is eventually consistent and its pages are a moment apart, so an entry is a hint
/// only: a caller may use it to conclude that nothing changed since it last looked, and must describe the
/// secret when anything differs or before acting (rotating) on it.</para>
/// <para>Only secrets asked about are kept, so memory follows what this operator manages, not the
/// account's size.</para>
/// </remarks>
public sealed class SecretCatalog
{
    private readonly ISecretsManager secrets;
    private readonly SecretCatalogOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private HashSet<string> asked = new(StringComparer.Ordinal);
    private HashSet<string> askedBefore = new(StringComparer.Ordinal);
    private CatalogSnapshot? snapshot;
    private Task<CatalogSnapshot?>? listing;
    private (Task<CatalogSnapshot?> Listing, FrozenSet<string> SecretIds)? primed;
    private int threshold;
    private int unserved;
    private DateTimeOffset notBefore = DateTimeOffset.MinValue;

    public SecretCatalog(ISecretsManager secrets, SecretCatalogOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        this.secrets = secrets;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        threshold = Math.Max(1, options.MinimumSecrets);
    }

    /// <summary>Listings completed (a test reads it to see that listing paid off once demand grew).</summary>
    public int Listings { get; private set; }

    /// <summary>
    /// Records that <paramref name="secretId"/> will be asked about, without asking now (a resource's first
    /// pass, or one with a rotation in flight, describes anyway). The next listing then covers it, so its
    /// next refresh is served from the listing instead of describing once more.
    /// </summary>
    public void Note(string secretId)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        lock (gate)
        {
            asked.Add(secretId);
        }
    }

    /// <summary>
    /// A start over secrets already managed (an operator restarted with its resources mirrored): notes them
    /// all and lists at once, and a lookup of one of them waits for that listing, up to
    /// <see cref="SecretCatalogOptions.PrimedWait"/>, instead of describing. Without it every first pass after
    /// a restart would describe its secret: 10,000 DescribeSecret calls where 100 ListSecrets pages answer.
    /// Nothing is listed when a fresh listing exists, one is running, or too few secrets make it pay.
    /// </summary>
    public void Prime(IEnumerable<string> secretIds)
    {
        ArgumentNullException.ThrowIfNull(secretIds);
        lock (gate)
        {
            asked.UnionWith(secretIds);
            if (snapshot is null && listing is null && time.GetUtcNow() >= notBefore && asked.Count >= threshold)
            {
                var ids = asked.ToFrozenSet(StringComparer.Ordinal);
                StartListing(newWindow: true);
                primed = (listing!, ids);
            }
        }
    }

    /// <summary>
    /// The secret as a listing no older than <paramref name="maxAge"/> shows it, or null when the caller
    /// should describe it: listing does not pay yet, the last one failed, or the secret was not in it.
    /// Waits only for the first listing after <see cref="Prime"/>, if it covers the secret; otherwise a
    /// stale snapshot starts the next listing (one at a time), and while it runs the previous snapshot keeps
    /// answering up to twice <paramref name="maxAge"/>, so a reconcile worker is never held by a listing of
    /// many pages and drift shows within two intervals at worst.
    /// </summary>
    public async Task<SecretDescription?> LookupAsync(string secretId, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        cancellationToken.ThrowIfCancellationRequested();
        Task<CatalogSnapshot?> first;
        lock (gate)
        {
            if (primed is { } done && (snapshot is not null || done.Listing.IsCompleted))
            {
                primed = null;
            }

            if (primed is not { } p || !p.SecretIds.Contains(secretId))
            {
                return Lookup(secretId, maxAge);
            }

            first = p.Listing;
        }

        try
        {
            await first.WaitAsync(options.PrimedWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A listing of far more pages than expected (a crowded account, a slow endpoint): describe after all.
            return null;
        }

        lock (gate)
        {
            return Lookup(secretId, maxAge);
        }
    }

    private SecretDescription? Lookup(string secretId, TimeSpan maxAge)
    {
        asked.Add(secretId);
        var now = time.GetUtcNow();
        if (snapshot is { } fresh && now - fresh.TakenAt <= maxAge)
        {
            if (fresh.Find(secretId) is { } hit)
            {
                return hit;
            }

            // Not asked about when that listing started (a resource new since, or the first ones asked
            // after a start): it describes now. Once such misses cost more calls than a listing would,
            // list again at once rather than letting them describe until this snapshot is stale;
            // the bar doubles with the snapshot, so a start-up settles in a few listings.
            if (!fresh.Wanted.Contains(secretId) && ++unserved >= Math.Max(threshold, fresh.Wanted.Count) && listing is null && now >= notBefore)
            {
                StartListing(newWindow: false);
            }

            return null;
        }

        if (listing is null && now >= notBefore && asked.Count >= threshold)
        {
            StartListing(newWindow: true);
        }

        return listing is not null && snapshot is { } previous && now - previous.TakenAt <= maxAge * 2 ? previous.Find(secretId) : null;
    }

    /// <summary>
    /// Starts a listing of what was asked in this window and the one before: two windows, because a
    /// resource's own period (its interval plus jitter) may be a little longer than the window between two
    /// listings, and it must not drop out of the snapshot for that. A listing for misses in a fresh
    /// snapshot (<paramref name="newWindow"/> false) keeps the window, so nothing asked in it is forgotten.
    /// </summary>
    private void StartListing(bool newWindow)
    {
        var wanted = new HashSet<string>(asked, StringComparer.Ordinal);
        wanted.UnionWith(askedBefore);
        if (newWindow)
        {
            askedBefore = asked;
            asked = new HashSet<string>(StringComparer.Ordinal);
        }

        unserved = 0;
        listing = Task.Run(() => ListAsync(wanted), CancellationToken.None);
    }

    /// <summary>The listing in progress, if any (tests wait for it).</summary>
    internal Task PendingListing
    {
        get
        {
            lock (gate)
            {
                return listing ?? Task.CompletedTask;
            }
        }
    }

    // Runs on the catalog's behalf, not a caller's: one caller giving up must not cancel the listing
    // every other caller waits for. The transport's attempt timeouts bound it.
    private async Task<CatalogSnapshot?> ListAsync(HashSet<string> wanted)
    {
        var budget = wanted.Count;
        var startedAt = time.GetUtcNow();
        CatalogSnapshot? result = null;
        try
        {
            var found = new Dictionary<string, SecretDescription>(StringComparer.Ordinal);
            var query = new ListSecretsQuery { IncludePlannedDeletion = true, MaxResults = options.PageSize };
            var pages = 0;
            while (true)
            {
                if (pages >= budget)
                {
                    // Describing every secret asked about is cheaper than the rest of this listing.
                    lock (gate)
                    {
                        threshold = budget * 2;
                    }

                    logger.LogInformation("ListSecrets abandoned after {Pages} pages for {Secrets} secrets asked about; describing them instead until {Threshold} are",
                        pages, budget, budget * 2);
                    return null;
                }

                var page = await secrets.ListSecretsAsync(query, CancellationToken.None);
                pages++;
                foreach (var entry in page.Secrets)
                {
                    if (wanted.Contains(entry.Name) || wanted.Contains(entry.Arn))
                    {
                        var description = Describe(entry);
                        found[entry.Name] = description;
                        found[entry.Arn] = description;
                    }
                }

                if (page.NextToken is not { Length: > 0 } next)
                {
                    break;
                }

                query = query with { NextToken = next };
            }

            // Stamped with the start: a change made while the pages were read may be missing from them.
            result = new CatalogSnapshot(startedAt, found.ToFrozenDictionary(StringComparer.Ordinal), wanted.ToFrozenSet(StringComparer.Ordinal));
            lock (gate)
            {
                threshold = Math.Max(1, pages);
                Listings++;
            }

            logger.LogDebug("ListSecrets: {Pages} pages, {Found} of {Wanted} secrets asked about", pages, found.Count / 2, wanted.Count);
            return result;
        }
        catch (AccessDeniedException e)
        {
            Pause(options.RetryAfterDenied);
            logger.LogInformation("ListSecrets is not allowed ({Error}); secrets are described one by one (grant secretsmanager:ListSecrets to save calls)", e.ErrorCode);
            return null;
        }
        catch (Exception e) when (e is AwsServiceException or AwsTransportException or AwsResponseFormatException or HttpRequestException or TimeoutException)
        {
            Pause(options.RetryAfterFailure);
            logger.LogWarning("ListSecrets failed ({Error}); secrets are described one by one until {Retry}", e.GetType().Name, time.GetUtcNow() + options.RetryAfterFailure);
            return null;
        }
        finally
        {
            lock (gate)
            {
                if (result is not null)
                {
                    snapshot = result;
                }

                listing = null;
            }
        }
    }

    private void Pause(TimeSpan delay)
    {
        lock (gate)
        {
            notBefore = time.GetUtcNow() + delay;
        }
    }

    // Only what drift detection reads: tags and descriptions of thousands of secrets are not worth keeping.
    private static SecretDescription Describe(SecretDescription listed) => listed with
    {
        Description = null,
        KmsKeyId = null,
        RotationLambdaArn = null,
        RotationRules = null,
        LastAccessedDate = null,
        Tags = [],
        PrimaryRegion = null,
    };
}
