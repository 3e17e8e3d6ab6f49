using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.DirectoryService;

namespace Rotator.KubectlPlugin;

/// <summary>
/// The rotation engine's and the non-database strategies' codes in plain words (the database codes are in
/// <see cref="DatabaseReasonExplanations"/>, the operator's own in <see cref="ReasonExplanations"/>): the operator puts
/// them on the <c>Rotating</c> condition and in the history when a rotation is refused, held or fails.
/// </summary>
public static class StrategyReasonExplanations
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RotationReasons.AlreadyCurrent] = "the version this rotation made is already AWSCURRENT: a rotation interrupted at its very end was found finished; nothing to do",
        [RotationReasons.OwnedByService] = "the AWS secret is managed by an AWS service (RDS, Redshift ...), which rotates it itself: use strategy AwsManaged or None for it",
        [RotationReasons.NoCurrentVersion] = "the AWS secret has no AWSCURRENT version to rotate from: put a value with put-secret-value first",
        [RotationReasons.RotationInProgress] = "another rotation (another tool, AWS's own, or a lost operator) left an AWSPENDING version: let it finish, remove its AWSPENDING label, or set the operator's --take-over-pending-after",
        [RotationReasons.VersionNotPending] = "the version being resumed is no longer AWSPENDING (someone moved the label): the operator starts a new rotation next time",
        [RotationReasons.InvalidVersionId] = "the version id recorded for this rotation is not one AWS accepts: the operator starts a new rotation next time",
        [RotationReasons.StepFailed] = "a step of the rotation failed and will be retried: read the message and status.rotation.lastError for the step and cause",
        [RotationReasons.SecretsManagerError] = "Secrets Manager answered with an error during the rotation: read the message; check the operator's IAM permissions and the network path to AWS",
        [RotationReasons.Abandoned] = "the operator gave up on this rotation after repeated failures and removed its AWSPENDING; AWSCURRENT was never changed: fix the cause, then request a new rotation",
        [RotationReasons.HoldUnsupported] = "spec.rotation.approval: Manual cannot hold this strategy's rotation (AWS runs its steps): use approval Automatic for it",
        [RotationReasons.RotateSecretRejected] = "AWS refused to start its own rotation (RotateSecret): read the message; check the secret's rotation Lambda and the operator's secretsmanager:RotateSecret permission",
        [RotationReasons.AwsRotationTimedOut] = "AWS's own rotation did not finish in time; it may still be running: check the rotation Lambda's logs, the operator looks again at the next refresh",
        [RotationReasons.NoPreviousVersion] = "there is no AWSPREVIOUS version to roll back to: nothing was changed",
        [RotationReasons.PreviousCredentialRejected] = "the AWSPREVIOUS credential no longer works on the target, so rolling back to it would break consumers: nothing was changed",
        [RotationReasons.LabelsMoved] = "a resumed rollback found AWSCURRENT moved somewhere the rollback did not put it (another tool or a person): nothing more was changed; check the secret's versions",
        [RotationReasons.RetainedCredentialDiscarded] = "the old password kept for consumers still rolling out (MySQL dual password) was discarded once they all ran with the new one",
        [DirectoryServiceRotationReasons.AmbiguousFields] = "the AWS secret mixes the plain fields (username, password) with AWS's awsSeamlessDomain* fields: keep one set",
        [DirectoryServiceRotationReasons.DirectoryIdMismatch] = "the directory id in spec.rotation.directoryService differs from the secret's: make them agree",
        [DirectoryServiceRotationReasons.DirectoryNotFound] = "AWS Directory Service has no directory with that id in the operator's region and account: check the id, the region and ds:DescribeDirectories",
        [DirectoryServiceRotationReasons.DirectoryNotActive] = "the directory is not Active (creating, impaired, deleting): wait until it is, then rotate again",
        [DirectoryServiceRotationReasons.NoLdapAddress] = "the directory reports no DNS address to verify the new password against: set spec.rotation.directoryService.verify.url",
        [DirectoryServiceRotationReasons.PasswordPolicyUnsatisfiable] = "the password policy cannot produce a password Active Directory accepts (length or character classes): widen spec.rotation.password",
        [DirectoryServiceRotationReasons.UnsupportedDirectory] = "this kind of directory (for example AD Connector) does not let ResetUserPassword set the admin's password: rotate it where the directory lives",
        [DirectoryServiceRotationReasons.DirectoryServiceError] = "AWS Directory Service answered with an error: read the message; check ds:ResetUserPassword and ds:DescribeDirectories permissions",
        [DirectoryServiceRotationReasons.LdapUnreachable] = "the LDAP server that verifies the new password did not answer: check verify.url, that the domain controllers are reachable from the operator's pods, and port 636/389",
        [DirectoryServiceRotationReasons.LdapError] = "the LDAP bind that verifies the new password failed for another reason: read the message",
        [RandomValueStrategy.FieldMissing] = "the AWS secret has no field named by spec.rotation.randomValue.field: add it, or name an existing field",
        [RandomValueStrategy.FieldNotString] = "the field named by spec.rotation.randomValue.field is not a string: only text values are regenerated",
        [RandomValueStrategy.SecretEmpty] = "the AWS secret's current version has no value to rotate: put an initial value first",
        [RandomValueStrategy.InvalidBinaryLength] = "spec.rotation.randomValue.binaryLength is out of range (1 to 65536 bytes): fix it",
        [RandomValueStrategy.SecretNotBinary] = "spec.rotation.randomValue.binaryLength is set but the AWS secret holds text (SecretString): remove binaryLength, or store the secret as SecretBinary",
    };
}
