using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Strategies.Settings;

/// <summary>What a resource says about its Directory Service rotation (<c>spec.rotation.directoryService</c>).</summary>
public sealed record DirectoryServiceRotationSettings : StrategySettings
{
    /// <summary>The directory id; default: the secret's directory id field.</summary>
    public string? DirectoryId { get; init; }

    /// <summary>LDAP URLs testSecret binds to; default: ldaps:// to the directory's DNS addresses.</summary>
    public IReadOnlyList<string>? VerifyUrls { get; init; }

    /// <summary>Bind DN template with {username}, {directoryName}, {directoryId}; default <c>{username}@{directoryName}</c>.</summary>
    public string? BindDn { get; init; }

    public override string Strategy => StrategyNames.DirectoryServiceAdmin;
}
