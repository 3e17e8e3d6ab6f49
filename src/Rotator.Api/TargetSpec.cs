using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>The Kubernetes Secret that mirrors AWSCURRENT.</summary>
public sealed record TargetSpec
{
    /// <summary>Secret name; default: the RotatingSecret's name.</summary>
    [RegularExpression(SchemaPatterns.ObjectName)]
    [MaxLength(253)]
    public string? Name { get; init; }

    /// <summary>Secret JSON field -> Secret data key. Default: every field under its own name.</summary>
    public IReadOnlyDictionary<string, string>? Keys { get; init; }

    /// <summary>Computed keys: data key -> template such as "mysql://{{ username }}:{{ password | urlencode }}@{{ host }}".</summary>
    public IReadOnlyDictionary<string, string>? Template { get; init; }

    /// <summary>Data key that holds a SecretBinary value, byte for byte (default "value"). A binary value with keys or template set is refused.</summary>
    [RegularExpression(SchemaPatterns.SecretKey)]
    [MaxLength(253)]
    public string? BinaryKey { get; init; }

    /// <summary>Secret type (default Opaque). A Secret's type cannot change in place: on an existing Secret of another type nothing changes and the resource reports TargetTypeChange.</summary>
    [MaxLength(253)]
    public string? Type { get; init; }

    /// <summary>Labels added to the Secret; a key removed from here is removed from the Secret too (labels others set stay).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations added to the Secret; a key removed from here is removed from the Secret too (annotations others set stay).</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>What happens to the Secret when the RotatingSecret is deleted (default Delete).</summary>
    public DeletionPolicy? DeletionPolicy { get; init; }

    /// <summary>Take over an existing Secret the operator did not create (default false: such a Secret is never touched).</summary>
    public bool? Adopt { get; init; }
}
