namespace Rotator.Rotation.Ldap;

/// <summary>What a <see cref="BindNameTemplate"/> can refer to.</summary>
/// <param name="UserName">The <c>username</c> field of the secret (<c>{username}</c>).</param>
/// <param name="DirectoryName">The directory's DNS name, e.g. <c>corp.example.com</c> (<c>{directoryName}</c>).</param>
/// <param name="DirectoryId">The directory's id, e.g. <c>d-1234567890</c> (<c>{directoryId}</c>).</param>
public sealed record BindNameValues(string UserName, string? DirectoryName = null, string? DirectoryId = null);
