using Rotator.Api;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Drift;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// The first step of a pass: resolve the spec, check tenancy, and read the AWS secret's labels. Nothing is written
/// anywhere; a resource that fails a check stops here with Ready=False and the reason.
/// </summary>
public sealed class SecretObserver(IAwsClients aws, RotatingSecretOptions options, ResourceEvents events)
{
    public async Task<ObserveResult> ObserveAsync(ReconcileState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ResolvedSpec spec;
        try
        {
            spec = SpecResolver.Resolve(state.Resource, options.RefreshInterval, options.CaFiles);
        }
        catch (InvalidSpecException e)
        {
            return new(events.NotReady(state, StatusReasons.InvalidSpec, e.Message), null, options.RefreshInterval);
        }

        // Tenancy first: a resource naming a secret outside its namespace's patterns reads and writes nothing.
        var ns = state.Namespace;
        if (spec.ReferencedSecretIds.FirstOrDefault(id => !options.Tenancy.Allows(ns, id)) is { } forbidden)
        {
            var allowed = string.Join(", ", options.Tenancy.PatternsFor(ns).Select(p => p.Replace("{namespace}", ns, StringComparison.Ordinal)));
            return new(events.NotReady(state, StatusReasons.NotAllowed, $"secret '{forbidden}' is not allowed for RotatingSecrets in namespace {ns}; allowed: {allowed}"), null, spec.RefreshInterval);
        }

        var scope = new AwsScope(state.Resource.Spec.Region, state.Resource.Spec.RoleArn, ns, state.Name);
        ISecretsManager secrets;
        SecretDescription description;
        TriggerDecision decision;
        try
        {
            secrets = new TenancyGuardedSecretsManager(aws.SecretsManager(scope), id => options.Tenancy.Allows(ns, id), ns);
            (description, decision) = await DescribeAsync(state, spec, scope, secrets, cancellationToken);
        }
        catch (Exception e) when (AwsProblems.Classify(e) is { } problem)
        {
            return new(events.NotReady(state, problem.Reason, problem.Message), null, Delays.Min(spec.RefreshInterval, options.RetryDelay));
        }

        if (description.DeletedDate is not null)
        {
            return new(events.NotReady(state, StatusReasons.SecretNotFound, $"secret '{spec.SecretId}' is scheduled for deletion in Secrets Manager"), null, spec.RefreshInterval);
        }

        return new(state.With(s => s with { NextRotationTime = decision.NextRotation }), new Observation(spec, scope, secrets, description, decision), spec.RefreshInterval);
    }

    /// <summary>
    /// A start over resources already mirrored (a restart, a new leader): their secrets are listed at once, one
    /// ListSecrets listing per account and identity, and their first passes wait for it instead of describing
    /// each secret. Resources the catalog would not answer for (new, rotating, rolling back, invalid, not allowed)
    /// are left to their passes.
    /// </summary>
    public void Prime(IEnumerable<RotatingSecret> cached)
    {
        ArgumentNullException.ThrowIfNull(cached);
        var byCatalog = new Dictionary<SecretCatalog, List<string>>();
        foreach (var resource in cached)
        {
            var ns = resource.Metadata.NamespaceProperty ?? "";
            if (resource.Metadata.DeletionTimestamp is not null || !AtRest(resource) || SecretIdOf(resource) is not { } secretId || !options.Tenancy.Allows(ns, secretId))
            {
                continue;
            }

            var catalog = aws.Catalog(new AwsScope(resource.Spec.Region, resource.Spec.RoleArn, ns, resource.Metadata.Name));
            if (!byCatalog.TryGetValue(catalog, out var ids))
            {
                byCatalog[catalog] = ids = [];
            }

            ids.Add(secretId);
        }

        foreach (var (catalog, ids) in byCatalog)
        {
            catalog.Prime(ids);
        }
    }

    private string? SecretIdOf(RotatingSecret resource)
    {
        try
        {
            return SpecResolver.Resolve(resource, options.RefreshInterval, options.CaFiles).SecretId;
        }
        catch (InvalidSpecException)
        {
            return null; // its pass reports why
        }
    }

    /// <summary>
    /// Mirrored with nothing in flight: a listing may tell this resource that nothing changed. Anything else is read
    /// with DescribeSecret, because a listing may lag behind AWS.
    /// </summary>
    private static bool AtRest(RotatingSecret resource) =>
        resource.Status is { Rotation: null, CurrentVersionId: not null } && !RollbackTrigger.Pending(resource);

    /// <summary>
    /// The secret's labels and change date, and whether a rotation is due. The shared ListSecrets catalog
    /// answers when it shows exactly what this resource saw last time (same AWSCURRENT, nothing in flight,
    /// nothing due); anything else is read with DescribeSecret, because a listing may lag behind AWS and is
    /// only good for concluding that nothing changed.
    /// </summary>
    private async Task<(SecretDescription Description, TriggerDecision Decision)> DescribeAsync(
        ReconcileState state, ResolvedSpec spec, AwsScope scope, ISecretsManager secrets, CancellationToken cancellationToken)
    {
        var catalog = aws.Catalog(scope);
        if (!AtRest(state.Resource))
        {
            // Described below either way; noted so the next listing covers this secret's next refresh.
            catalog.Note(spec.SecretId);
        }
        else if (await catalog.LookupAsync(spec.SecretId, spec.RefreshInterval, cancellationToken) is { DeletedDate: null } listed
            && SecretVersions.CurrentOf(listed) == state.Original.CurrentVersionId)
        {
            var hinted = RotationTrigger.Decide(state.Resource, spec, listed.LastChangedDate, state.Now, options.RetryAfterAbandoned);
            if (!hinted.Due)
            {
                return (listed, hinted);
            }
        }

        var described = await secrets.DescribeSecretAsync(spec.SecretId, cancellationToken);
        return (described, RotationTrigger.Decide(state.Resource, spec, described.LastChangedDate, state.Now, options.RetryAfterAbandoned));
    }
}
