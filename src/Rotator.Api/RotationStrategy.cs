namespace Rotator.Api;

/// <summary>How the secret is rotated.</summary>
public enum RotationStrategy
{
    /// <summary>Change the password of the MySQL user named in the secret; the old password stops working at setSecret (or, with dualPassword, after consumers rolled out).</summary>
    MySQLSingleUser,

    /// <summary>Alternate between the user and its `_clone` twin, so the previous credentials keep working until the next rotation.</summary>
    MySQLAlternatingUsers,

    /// <summary>Change the password of the PostgreSQL role named in the secret (sent as a SCRAM verifier, never in clear); the old password stops working at setSecret.</summary>
    PostgreSQLSingleUser,

    /// <summary>Alternate between the role and its `_clone` twin (new objects keep one owner), so the previous credentials keep working until the next rotation.</summary>
    PostgreSQLAlternatingUsers,

    /// <summary>Reset an AWS Directory Service admin password and verify it with an LDAP bind.</summary>
    DirectoryServiceAdmin,

    /// <summary>Regenerate a random value (API key, token) with no external system to update.</summary>
    RandomValue,

    /// <summary>Rotation belongs to AWS (a Lambda or managed rotation): the operator calls RotateSecret when due, then mirrors.</summary>
    AwsManaged,

    /// <summary>No rotation: mirror AWSCURRENT only.</summary>
    None,
}
