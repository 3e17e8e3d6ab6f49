namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// A PostgreSQL operation failed. The message says what was attempted and why, and never contains a password or a
/// password verifier: the driver's exceptions are not attached, because they carry the statement that held one.
/// </summary>
public sealed class PostgreSqlTargetException : Exception
{
    public PostgreSqlTargetException()
    {
    }

    public PostgreSqlTargetException(string message)
        : base(message)
    {
    }

    public PostgreSqlTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PostgreSqlTargetException(PostgreSqlFailure failure, string message, string? sqlState = null)
        : base(message)
    {
        Failure = failure;
        SqlState = sqlState;
    }

    public PostgreSqlFailure Failure { get; } = PostgreSqlFailure.Other;

    /// <summary>The server's SQLSTATE (e.g. <c>28P01</c>), when the server reported the failure.</summary>
    public string? SqlState { get; }
}
