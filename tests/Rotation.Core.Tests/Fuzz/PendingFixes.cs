namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// Failures the fuzz tests found in code another change owns, held out of the CI runs until that change lands so
/// the rest of each run still reports. Each has a test that shows the failure and is skipped, visibly, with this reason.
/// </summary>
internal static class PendingFixes
{
    /// <summary>
    /// <c>SecretJson.ParseObject</c> returns a <c>JsonObject</c> that reads its strings lazily, so a secret with a
    /// lone surrogate escape (<c>{"password":"\uD800..."}</c>, valid JSON, not valid text) passes it and then throws
    /// <see cref="InvalidOperationException"/> wherever a field is read or the object written (every strategy, createSecret);
    /// in a property name it throws from <c>ParseObject</c> itself. Fix: read everything inside ParseObject
    /// (<c>_ = value.ToJsonString();</c>) and turn <see cref="InvalidOperationException"/> into a SecretFormatException.
    /// Set to true when that is in.
    /// </summary>
    public const bool SecretJsonReadsEveryString = false;

    public const string SecretJsonReason =
        "pending fix in SecretJson.ParseObject (src/Rotation.Core/Aws/SecretsManager, owned by another change): lone surrogate escapes escape as InvalidOperationException";
}
