namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>How DeleteSecret deletes: at once, or after a recovery window. The service takes exactly one of the two.</summary>
public sealed record SecretDeletion
{
    private SecretDeletion(int? recoveryWindowInDays) => RecoveryWindowInDays = recoveryWindowInDays;

    /// <summary>Null for immediate deletion.</summary>
    public int? RecoveryWindowInDays { get; }

    /// <summary>Delete now, with no way back (<c>ForceDeleteWithoutRecovery</c>).</summary>
    public static SecretDeletion Immediately { get; } = new((int?)null);

    /// <summary>Schedule the deletion after 7 to 30 days, during which RestoreSecret can undo it.</summary>
    public static SecretDeletion AfterRecoveryWindow(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 7);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 30);
        return new(days);
    }
}
