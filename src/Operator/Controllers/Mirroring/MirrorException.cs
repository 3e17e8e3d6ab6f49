namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>The secret cannot be mirrored as configured (a mapped field is missing, a template is invalid). Never carries a value.</summary>
public sealed class MirrorException : Exception
{
    public MirrorException()
    {
    }

    public MirrorException(string message)
        : base(message)
    {
    }

    public MirrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Condition reason, e.g. <c>MissingField</c>, <c>InvalidTemplate</c>.</summary>
    public string Reason { get; init; } = "MirrorFailed";
}
