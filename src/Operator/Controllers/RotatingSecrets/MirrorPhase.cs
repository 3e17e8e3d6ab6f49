using System.Text.Json;
using Rotator.Api;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Brings the target Secret to AWSCURRENT. When neither side moved since the last pass (same version, same Secret
/// resourceVersion, same generation), no value is read and nothing is written.
/// </summary>
public sealed class MirrorPhase(SecretMirror mirror, ResourceEvents events)
{
    /// <param name="state">The pass.</param>
    /// <param name="spec">The resolved spec.</param>
    /// <param name="secrets">Secrets Manager as the namespace may see it.</param>
    /// <param name="current">The AWSCURRENT version id.</param>
    /// <param name="moved">This pass's rotation or rollback, whose value need not be read back.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<MirrorPhaseResult> MirrorAsync(ReconcileState state, ResolvedSpec spec, ISecretsManager secrets, string current, CurrentMoved? moved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        var resource = state.Resource;
        var firstPass = state.Original.ObservedGeneration is null && state.Original.SecretResourceVersion is null;
        var target = await mirror.ReadAsync(resource, firstPass, cancellationToken);
        var found = SecretMirror.StateOf(resource, target);
        if (found.Exists && !found.Owned && resource.Spec.Target?.Adopt != true)
        {
            return Failed(events.NotReady(state, StatusReasons.SecretNotOwned,
                $"Secret {spec.TargetName} exists and is not managed by this RotatingSecret; it is left alone (set spec.target.adopt: true to take it over)"));
        }

        // The Secret's resourceVersion after our last write or check is kept in the status, so a restarted
        // operator need not read every value again to learn that nobody edited the Secrets meanwhile.
        var known = found.ResourceVersion is not null && state.Original.SecretResourceVersion == found.ResourceVersion;
        // A new generation may have changed spec.target (keys, template, binaryKey): render again, the apply writes only a difference.
        var sameSpec = state.Original.ObservedGeneration == resource.Metadata.Generation;
        if (found.Exists && found.Owned && found.VersionId == current && known && state.Original.CurrentVersionId == current && sameSpec)
        {
            // Nothing moved on either side: no value is read, nothing is written.
            return new MirrorPhaseResult(state.With(s => s with { CurrentVersionId = current }), true, HeldVersion.Current);
        }

        MirrorResult result;
        string? username;
        try
        {
            // Right after a rotation the engine still holds the value it made current: reading it back would
            // only add a round trip between finishSecret and the Secret (versions never change their value).
            var value = moved?.Value is { } rotatedValue && rotatedValue.VersionId == current
                ? rotatedValue
                : await secrets.GetSecretValueAsync(spec.SecretId, SecretVersionSelector.ById(current), cancellationToken);
            username = UsernameOf(value);
            result = await mirror.ApplyAsync(resource, value, target, cancellationToken);
        }
        catch (MirrorException e)
        {
            return Failed(events.NotReady(state, e.Reason, e.Message));
        }
        catch (Exception e) when (AwsProblems.Classify(e) is { } problem)
        {
            return Failed(events.NotReady(state, problem.Reason, problem.Message));
        }
        catch (KubernetesApiException e) when (IsRefusal(e))
        {
            // A quota, an admission webhook or RBAC said no: retrying at once changes nothing, the API's own message
            // says what to fix, and nothing else of this pass goes ahead (no restart for a Secret that was not written).
            return Failed(events.NotReady(state, StatusReasons.KubernetesError, $"the API server refused to write Secret {spec.TargetName}: {e.Message}"));
        }

        if (result.Outcome == MirrorOutcome.NotOwned)
        {
            return Failed(events.NotReady(state, StatusReasons.SecretNotOwned, result.Message));
        }

        if (result.Outcome is MirrorOutcome.Created or MirrorOutcome.Updated)
        {
            var reason = result.Outcome == MirrorOutcome.Created ? StatusReasons.SecretCreated : StatusReasons.SecretUpdated;
            events.Record(state, EventType.Normal, reason, "Mirror", $"Secret {result.SecretName} {(result.Outcome == MirrorOutcome.Created ? "created" : "updated")} with version {current}");
        }

        state = state.With(s => s with
        {
            CurrentVersionId = current,
            CurrentUsername = username,
            SecretResourceVersion = result.ResourceVersion ?? s.SecretResourceVersion,
            History = s.History is { Count: > 0 } history && history[0].VersionId == current && history[0].Username is null && username is not null
                ? [history[0] with { Username = username }, .. history.Skip(1)]
                : s.History,
        });
        return new MirrorPhaseResult(state, true, result.Held);
    }

    private static MirrorPhaseResult Failed(ReconcileState state) => new(state, false, HeldVersion.Current);

    /// <summary>An answer that says no, rather than "try again" (a conflict, a throttle, a server error).</summary>
    private static bool IsRefusal(KubernetesApiException e) =>
        e is ForbiddenException or InvalidException or UnauthorizedException || e.StatusCode == System.Net.HttpStatusCode.BadRequest;

    /// <summary>The <c>username</c> field of a JSON secret (user names are not secret; status shows them).</summary>
    private static string? UsernameOf(SecretValue value)
    {
        if (value.SecretString is not { Length: > 0 } text || text.TrimStart() is not ['{', ..])
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String
                ? user.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Deliberately silent: the parser's message can quote the value. The mirror reports the format problem.
            return null;
        }
    }
}
