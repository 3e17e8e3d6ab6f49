namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// The <c>Reason</c> codes the DirectoryServiceAdmin strategy puts on <see cref="Abstractions.RotationRefusedException"/>
/// and <see cref="Abstractions.RotationTestFailedException"/>, for conditions, events and alerts. Stable: dashboards match on
/// them. The codes shared with the MySQL strategies (SecretNotJson, MissingField, ...) mean the same there.
/// </summary>
public static class DirectoryServiceRotationReasons
{
    /// <summary>The secret's value is binary or not a JSON object.</summary>
    public const string SecretNotJson = "SecretNotJson";

    /// <summary>A required field is absent or empty; the message names the field.</summary>
    public const string MissingField = "MissingField";

    /// <summary>A field has the wrong JSON type or a value that cannot be used (a malformed directory id).</summary>
    public const string InvalidField = "InvalidField";

    /// <summary>The secret mixes the plain fields (<c>username</c>, ...) with AWS's <c>awsSeamlessDomain*</c> ones.</summary>
    public const string AmbiguousFields = "AmbiguousFields";

    /// <summary>The resource's <c>directoryService.directoryId</c> and the secret's directory id name different directories.</summary>
    public const string DirectoryIdMismatch = "DirectoryIdMismatch";

    /// <summary>The resource's verify settings are malformed (bind DN template, LDAP URL).</summary>
    public const string InvalidSettings = "InvalidSettings";

    /// <summary>Directory Service has no directory with that id (or this identity may not see it).</summary>
    public const string DirectoryNotFound = "DirectoryNotFound";

    /// <summary>The directory exists but is not Active (being created, deleted, failed ...).</summary>
    public const string DirectoryNotActive = "DirectoryNotActive";

    /// <summary>No LDAP URL is configured and the directory reports no DNS addresses to default to.</summary>
    public const string NoLdapAddress = "NoLdapAddress";

    /// <summary>IAM refused a Directory Service call (ds:DescribeDirectories or ds:ResetUserPassword).</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>The directory has no such user.</summary>
    public const string UserNotFound = "UserNotFound";

    /// <summary>The directory's password policy refused the new password.</summary>
    public const string PasswordRejected = "PasswordRejected";

    /// <summary>The resource's password policy cannot make a password a directory accepts (longer than 127, too few character types).</summary>
    public const string PasswordPolicyUnsatisfiable = "PasswordPolicyUnsatisfiable";

    /// <summary>The directory type does not support resetting passwords through Directory Service.</summary>
    public const string UnsupportedDirectory = "UnsupportedDirectory";

    /// <summary>Directory Service refused the request for another reason (the message says which).</summary>
    public const string DirectoryServiceError = "DirectoryServiceError";

    /// <summary>The AWSPENDING value names another directory or user than AWSCURRENT.</summary>
    public const string PendingMismatch = "PendingMismatch";

    /// <summary>testSecret: the directory kept refusing the pending password for the whole retry period.</summary>
    public const string PendingCredentialsRejected = "PendingCredentialsRejected";

    /// <summary>testSecret: no LDAP server answered for the whole retry period.</summary>
    public const string LdapUnreachable = "LdapUnreachable";

    /// <summary>
    /// TLS to the LDAP server could not be set up (certificate not trusted or not for that host, no TLS on that port):
    /// refused by setSecret before the password is reset, or testSecret's failure when it appears after the reset.
    /// </summary>
    public const string TlsFailure = "TlsFailure";

    /// <summary>testSecret: the LDAP server answered the bind with an error other than invalid credentials.</summary>
    public const string LdapError = "LdapError";
}
