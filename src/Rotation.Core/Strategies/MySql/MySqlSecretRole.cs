namespace Rotator.Rotation.Strategies.MySql;

/// <summary>Which secret a value came from: decides the required fields and how a problem is reported.</summary>
internal enum MySqlSecretRole
{
    /// <summary>The version labelled AWSCURRENT.</summary>
    Current,

    /// <summary>The version labelled AWSPENDING (made by createSecret).</summary>
    Pending,

    /// <summary>The version labelled AWSPREVIOUS.</summary>
    Previous,

    /// <summary>The admin secret of alternating users.</summary>
    Admin,
}
