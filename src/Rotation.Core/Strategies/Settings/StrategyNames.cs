namespace Rotator.Rotation.Strategies.Settings;

/// <summary>
/// The strategy names a resource's <c>spec.rotation.strategy</c> takes and history and metrics report; each strategy's
/// <see cref="Abstractions.IRotationStrategy.Name"/> is one of them.
/// </summary>
public static class StrategyNames
{
    public const string MySqlSingleUser = "MySQLSingleUser";
    public const string MySqlAlternatingUsers = "MySQLAlternatingUsers";
    public const string PostgreSqlSingleUser = "PostgreSQLSingleUser";
    public const string PostgreSqlAlternatingUsers = "PostgreSQLAlternatingUsers";
    public const string DirectoryServiceAdmin = "DirectoryServiceAdmin";
    public const string RandomValue = "RandomValue";
}
