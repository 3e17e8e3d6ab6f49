namespace Rotator.Rotation.MySql;

/// <summary>
/// A MySQL operation failed. The message says what was attempted and why, and never contains a password: the driver's
/// exceptions are not attached, because their messages can echo the SQL text that carried one.
/// </summary>
public sealed class MySqlTargetException : Exception
{
    public MySqlTargetException()
    {
    }

    public MySqlTargetException(string message)
        : base(message)
    {
    }

    public MySqlTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MySqlTargetException(MySqlFailure failure, string message, int? serverError = null)
        : base(message)
    {
        Failure = failure;
        ServerError = serverError;
    }

    public MySqlFailure Failure { get; } = MySqlFailure.Other;

    /// <summary>The server's error number (e.g. 1045), when the server reported the failure.</summary>
    public int? ServerError { get; }
}
