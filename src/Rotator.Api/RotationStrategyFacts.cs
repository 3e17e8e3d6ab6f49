namespace Rotator.Api;

/// <summary>What a strategy implies for the rest of the resource, in one place (restart defaults, the drain gate, spec sections).</summary>
public static class RotationStrategyFacts
{
    /// <summary>Alternating users: each rotation switches the user name and the previous user keeps working until the next one.</summary>
    public static bool AlternatesUsers(this RotationStrategy strategy) =>
        strategy is RotationStrategy.MySQLAlternatingUsers or RotationStrategy.PostgreSQLAlternatingUsers;

    /// <summary>One of the MySQL strategies (<c>spec.rotation.mysql</c> applies).</summary>
    public static bool IsMySql(this RotationStrategy strategy) =>
        strategy is RotationStrategy.MySQLSingleUser or RotationStrategy.MySQLAlternatingUsers;

    /// <summary>One of the PostgreSQL strategies (<c>spec.rotation.postgresql</c> applies).</summary>
    public static bool IsPostgreSql(this RotationStrategy strategy) =>
        strategy is RotationStrategy.PostgreSQLSingleUser or RotationStrategy.PostgreSQLAlternatingUsers;

    /// <summary>Whether the operator drives the four steps itself (not AwsManaged, not None).</summary>
    public static bool RotatesItself(this RotationStrategy strategy) =>
        strategy is not (RotationStrategy.AwsManaged or RotationStrategy.None);
}
