namespace Rotator.Rotation.Engine;

/// <summary>Where a run starts, as read from the secret's labels: the version id, and how far that rotation got.</summary>
internal sealed record RotationPlan(string VersionId, RotationPlanStart Start, string? Note = null);
