namespace Rotator.Api;

/// <summary>What happens to the mirrored Secret when the RotatingSecret is deleted.</summary>
public enum DeletionPolicy
{
    Delete,
    Retain,
}
