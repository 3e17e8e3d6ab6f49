using System.ComponentModel.DataAnnotations;

namespace Rotator.Operator.Resources;

/// <summary>Directory Service strategy settings.</summary>
public sealed record DirectoryServiceSpec
{
    /// <summary>Directory id; default: the secret's directory id field.</summary>
    [RegularExpression(SchemaPatterns.DirectoryId)]
    public string? DirectoryId { get; init; }

    /// <summary>How the new password is verified.</summary>
    public DirectoryVerifySpec? Verify { get; init; }
}
