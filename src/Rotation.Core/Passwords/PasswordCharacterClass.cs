namespace Rotator.Rotation.Passwords;

/// <summary>One type of character after the policy's exclusions, and whether a password must contain one.</summary>
internal sealed record PasswordCharacterClass(string Name, string Characters, bool Required);
