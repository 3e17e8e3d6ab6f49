namespace Rotator.Operator.Tests.Fuzz;

/// <summary>
/// Failures the fuzz tests found in code another change owns (the mirror), held out of the CI runs until that change
/// lands so the rest of each run still reports. Each has a test that shows the failure and is skipped, visibly.
/// </summary>
internal static class PendingFixes
{
    /// <summary>
    /// <c>SecretDataRenderer.TryParseObject</c> catches only <c>JsonException</c>: a JSON object with a repeated
    /// property name throws <see cref="ArgumentException"/>, a lone surrogate escape (<c>"\uD800"</c>) throws
    /// <see cref="InvalidOperationException"/>, both out of the reconcile (no condition, retried with backoff forever).
    /// <c>RotatingSecretReconciler.UsernameOf</c> has the same gap for the username. Fix: catch both there and refuse
    /// with <c>MirrorException { Reason = "SecretNotJson" }</c> (or treat the value as text, as for invalid JSON).
    /// Set to true when that is in.
    /// </summary>
    public const bool MirrorRefusesUnreadableJson = false;

    public const string MirrorReason =
        "pending fix in SecretDataRenderer (src/Operator/Controllers/Mirroring, owned by another change): duplicate keys and lone surrogate escapes escape as ArgumentException/InvalidOperationException";
}
