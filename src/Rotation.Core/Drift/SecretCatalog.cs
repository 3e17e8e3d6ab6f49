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
    private HashSet<string>? primedNext;
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
    /// Secrets primed while a primed listing runs (the next namespace's controller starting) are listed right
    /// after it, and their lookups wait for that one. Nothing is listed when a listing exists already, one
    /// that is not primed is running, or too few secrets make it pay.
    /// </summary>
    public void Prime(IEnumerable<string> secretIds)
    {
        ArgumentNullException.ThrowIfNull(secretIds);
        lock (gate)
        {
            var ids = secretIds.ToList();
            asked.UnionWith(ids);
            if (primed is { } running && !running.Listing.IsCompleted)
            {
                (primedNext ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(ids.Where(id => !running.SecretIds.Contains(id)));
            }
            else if (snapshot is null && listing is null && time.GetUtcNow() >= notBefore && asked.Count >= threshold)
            {
                var wanted = asked.ToFrozenSet(StringComparer.Ordinal);
                StartListing(newWindow: true);
                primed = (listing!, wanted);
            }
        }
    }

    /// <summary>
    /// The secret as a listing no older than <paramref name="maxAge"/> shows it, or null when the caller
    /// should describe it: listing does not pay yet, the last one failed, or the secret was not in it.
    /// Waits only for a listing <see cref="Prime"/> started for the secret; otherwise a stale snapshot starts
    /// the next listing (one at a time), and while it runs the previous snapshot keeps answering up to twice
    /// <paramref name="maxAge"/>, so a reconcile worker is never held by a listing of many pages and drift
    /// shows within two intervals at worst.
    /// </summary>
    public async Task<SecretDescription?> LookupAsync(string secretId, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = time.GetUtcNow() + options.PrimedWait;
        while (true)
        {
            Task<CatalogSnapshot?> primedListing;
            lock (gate)
            {
                if (primed is not { } p || p.Listing.IsCompleted || !(p.SecretIds.Contains(secretId) || primedNext?.Contains(secretId) == true))
                {
                    primed = primed is { Listing.IsCompleted: true } ? null : primed;
                    return Lookup(secretId, maxAge);
                }

                primedListing = p.Listing;
            }

            var left = deadline - time.GetUtcNow();
            try
            {
                await primedListing.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // A listing of far more pages than expected (a crowded account, a slow endpoint): describe after all.
                return null;
            }
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
                ListPrimedNext(succeeded: result is not null);
            }
        }
    }

    /// <summary>
    /// Secrets primed while a primed listing ran are listed next, at once, and their lookups wait for it. After a
    /// failed or abandoned listing they are left to describe (the pause or the doubled bar says why). Under the gate.
    /// </summary>
    private void ListPrimedNext(bool succeeded)
    {
        if (primedNext is not { Count: > 0 } next)
        {
            return;
        }

        primedNext = null;
        if (succeeded)
        {
            StartListing(newWindow: false);
            primed = (listing!, next.ToFrozenSet(StringComparer.Ordinal));
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
