namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>Retrying cannot help (e.g. the spec is invalid); the object waits for its next change instead.</summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
