namespace Rotator.Api;

/// <summary>Which changes of the mirrored Secret restart consumers.</summary>
public enum RestartWhen
{
    UsernameChange,
    AnyChange,
    Never,
}
