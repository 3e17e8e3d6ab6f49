using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Tests.Failover;

/// <summary>Reconstructs every rotation from the recorded Secrets Manager calls, and how many were open at once.</summary>
internal static class RotationLedger
{
    public static IReadOnlyList<RotationSpan> Spans(IEnumerable<RecordedAwsCall> calls)
    {
        var spans = new Dictionary<(string SecretId, string VersionId), RotationSpan>();
        foreach (var call in calls.Where(c => c.Succeeded && c.SecretId is not null).OrderBy(c => c.Sequence))
        {
            var secret = call.SecretId!;
            if (call.Operation == "PutSecretValue" && call.Token is { } token && call.Stages.Contains(SecretVersionStages.Pending))
            {
                // A resumed rotation puts the same version again (idempotent): it is still the one rotation.
                spans.TryAdd((secret, token), new RotationSpan(secret, token, call.Sequence, call.At));
            }
            else if (call.Operation == "UpdateSecretVersionStage" && call.Stage == SecretVersionStages.Current
                && call.MoveTo is { } promoted && spans.TryGetValue((secret, promoted), out var finished) && finished.Ended is null)
            {
                spans[(secret, promoted)] = finished with { Ended = call.Sequence, BecameCurrent = true };
            }
            else if (call.Operation == "UpdateSecretVersionStage" && call.Stage == SecretVersionStages.Pending && call.MoveTo is null
                && call.RemoveFrom is { } dropped && spans.TryGetValue((secret, dropped), out var given) && given.Ended is null)
            {
                spans[(secret, dropped)] = given with { Ended = call.Sequence, Abandoned = true };
            }
        }

        return [.. spans.Values.OrderBy(s => s.Started)];
    }

    /// <summary>The most rotations of one secret that were open at the same moment (1 when they never overlap).</summary>
    public static int MaxConcurrent(IEnumerable<RotationSpan> spansOfOneSecret)
    {
        var edges = spansOfOneSecret
            .SelectMany(s => new[] { (At: s.Started, Delta: 1), (At: s.Ended ?? long.MaxValue, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int open = 0, max = 0;
        foreach (var (_, delta) in edges)
        {
            open += delta;
            max = Math.Max(max, open);
        }

        return max;
    }
}
