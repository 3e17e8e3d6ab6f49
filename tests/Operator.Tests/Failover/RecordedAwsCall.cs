namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// One Secrets Manager request as it reached moto: only ids and staging labels, never a secret value.
/// <paramref name="Sequence"/> orders arrivals (the proxy is the single point every replica's calls pass).
/// </summary>
internal sealed record RecordedAwsCall(
    long Sequence,
    DateTimeOffset At,
    string Operation,
    string? SecretId,
    int StatusCode)
{
    /// <summary>PutSecretValue's ClientRequestToken (the new version id).</summary>
    public string? Token { get; init; }

    /// <summary>PutSecretValue's VersionStages.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>UpdateSecretVersionStage's VersionStage, MoveToVersionId and RemoveFromVersionId.</summary>
    public string? Stage { get; init; }

    public string? MoveTo { get; init; }

    public string? RemoveFrom { get; init; }

    public bool Succeeded => StatusCode is >= 200 and < 300;
}
