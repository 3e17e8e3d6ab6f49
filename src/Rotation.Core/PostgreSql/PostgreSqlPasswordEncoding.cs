namespace Rotator.Rotation.PostgreSql;

/// <summary>The form in which a password reached the server: always a verifier computed here, never the password itself.</summary>
public enum PostgreSqlPasswordEncoding
{
    /// <summary><c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c> (RFC 5802 / RFC 7677), as psql's \password sends it.</summary>
    ScramSha256,

    /// <summary>
    /// <c>md5</c> + hex(MD5(password + role name)), because the session's <c>password_encryption</c> is md5 (as psql's
    /// \password does then). Weaker: the hash is enough to log in with md5 authentication, so it should be moved to SCRAM.
    /// </summary>
    Md5,
}
