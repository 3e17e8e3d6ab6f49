namespace Rotator.Rotation.Passwords;

/// <summary>A password policy no password can satisfy. The message names the conflicting settings.</summary>
public sealed class InvalidPasswordPolicyException : Exception
{
    public InvalidPasswordPolicyException()
    {
    }

    public InvalidPasswordPolicyException(string message)
        : base(message)
    {
    }

    public InvalidPasswordPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
