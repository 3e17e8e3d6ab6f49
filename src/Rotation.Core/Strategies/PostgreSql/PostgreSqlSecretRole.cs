namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>Which secret a value came from: decides the required fields and how a problem is reported.</summary>
internal enum PostgreSqlSecretRole
{
    Current,
    Pending,
    Previous,

    /// <summary>The admin secret of alternating users.</summary>
    Admin,
}
