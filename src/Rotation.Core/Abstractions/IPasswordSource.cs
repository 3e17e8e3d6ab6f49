namespace Rotator.Rotation.Abstractions;

/// <summary>Makes a new password under the resource's policy (GetRandomPassword semantics). The result is secret.</summary>
public interface IPasswordSource
{
    string NewPassword();
}
