namespace Rotator.Kubernetes.Exec;

/// <summary>
/// An exec credential plugin could not be started, failed, hung or printed something unusable. The
/// message carries the plugin's stderr (it explains AWS and SSO failures) but never its stdout, which
/// holds the token.
/// </summary>
public sealed class ExecCredentialException : Exception
{
    public ExecCredentialException()
    {
    }

    public ExecCredentialException(string message)
        : base(message)
    {
    }

    public ExecCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
