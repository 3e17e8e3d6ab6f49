namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>GetRandomPassword's parameters, serialised as they are; null means the service's default.</summary>
public sealed record RandomPasswordOptions
{
    /// <summary>1 to 4096; the service's default is 32.</summary>
    public long? PasswordLength { get; init; }

    /// <summary>Characters that must not appear, e.g. the quote characters a connection string cannot carry.</summary>
    public string? ExcludeCharacters { get; init; }

    public bool? ExcludeNumbers { get; init; }

    public bool? ExcludePunctuation { get; init; }

    public bool? ExcludeUppercase { get; init; }

    public bool? ExcludeLowercase { get; init; }

    public bool? IncludeSpace { get; init; }

    public bool? RequireEachIncludedType { get; init; }
}
