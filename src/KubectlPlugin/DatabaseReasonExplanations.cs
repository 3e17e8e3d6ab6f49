using Rotator.Rotation.Strategies;

namespace Rotator.KubectlPlugin;

/// <summary>
/// The database strategies' refusal and test codes (MySQL and PostgreSQL share them), in plain words: the operator puts
/// them on the <c>Rotating</c> condition as its reason when a strategy turns a rotation down.
/// </summary>
public static class DatabaseReasonExplanations
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DatabaseRotationReasons.SecretNotJson] = "the AWS secret is not a JSON object with the database fields (engine, host, port, username, password): store it as AWS's rotation templates do",
        [DatabaseRotationReasons.MissingField] = "a field the strategy needs is missing, empty or of the wrong type in the AWS secret (the message names it; alternating users need 'masterarn' or spec.rotation.<engine>.masterSecretId): add it with put-secret-value",
        [DatabaseRotationReasons.InvalidField] = "a field of the AWS secret cannot be used (a port out of range, an unknown ssl mode, a database that does not exist): correct it in the secret",
        [DatabaseRotationReasons.UnsupportedEngine] = "the secret's 'engine' field names another database than the strategy rotates (postgres for the PostgreSQL strategies, mysql or mariadb for MySQL): pick the matching strategy or fix the field",
        [DatabaseRotationReasons.InvalidSettings] = "the resource's database settings cannot be used (for example tls: VerifyCA while the operator has no CA file): fix the spec, or ask the operator's administrators for --mysql-ca-file / --postgresql-ca-file (the chart's caBundle values)",
        [DatabaseRotationReasons.MasterSecretNotFound] = "alternating users: the admin secret named by 'masterarn' or masterSecretId does not exist or has no current version: create it or correct the name",
        [DatabaseRotationReasons.MasterSecretAccessDenied] = "alternating users: the operator may not read the admin secret: allow secretsmanager:GetSecretValue (and the KMS key) on it for the operator's identity",
        [DatabaseRotationReasons.MasterSecretInvalid] = "alternating users: the admin secret is not a JSON object with host, username and password: fix its value",
        [DatabaseRotationReasons.MasterCredentialsRejected] = "alternating users: the admin's password is wrong, or the admin may not manage users (MySQL: CREATE USER and the user's grants WITH GRANT OPTION; PostgreSQL: CREATEROLE or SUPERUSER): fix the admin secret or its grants",
        [DatabaseRotationReasons.HostMismatch] = "alternating users: the admin secret is for another server than the user's secret, and admin credentials are only sent to their own server: name the admin secret of this server",
        [DatabaseRotationReasons.TargetUnreachable] = "the database did not answer at the secret's host and port: check the address, that the server runs, and network policies or security groups from the operator's pods",
        [DatabaseRotationReasons.TlsFailure] = "TLS to the database failed, or its certificate is not trusted for the resource's tls mode: check the server's certificate and the operator's CA file, or lower the tls mode knowingly",
        [DatabaseRotationReasons.CurrentCredentialsRejected] = "the database refuses the secret's own password (every stored version): it was changed elsewhere or edited by hand; put the working password into AWSCURRENT",
        [DatabaseRotationReasons.PendingMismatch] = "the AWSPENDING version names another user, host or port than AWSCURRENT allows: another tool left it; remove it, then rotate again",
        [DatabaseRotationReasons.PendingCredentialsRejected] = "testSecret: the new credentials did not log in, so the rotation did not finish (single user put the old password back; alternating users never touched the current user): check the server's authentication rules (pg_hba.conf, the user's host) for the new login",
        [DatabaseRotationReasons.InvalidUserName] = "the user name, or its _clone twin, is one the server would refuse, cut or change: use a shorter or plainer user name",
        [DatabaseRotationReasons.UserNameTooLong] = "MySQL: the user name's _clone twin is longer than the server allows: shorten the user name",
        [DatabaseRotationReasons.DualPasswordUnsupported] = "MySQL: mysql.dualPassword needs MySQL 8.0.14 or later (MariaDB has no dual passwords): turn it off or upgrade",
        [DatabaseRotationReasons.AccessDenied] = "the logged-in user lacks a privilege the step needs (MySQL's APPLICATION_PASSWORD_ADMIN for dual passwords, a role a PostgreSQL admin may not grant): grant it, or change the setting that needs it",
        [DatabaseRotationReasons.PasswordRejected] = "the server's password policy refused the generated password: align spec.rotation.password with the policy (length, character classes)",
        [DatabaseRotationReasons.UserNotFound] = "a user or role the rotation needs does not exist on the server (the secret's user, or the original of a clone): create it or fix the secret",
        [DatabaseRotationReasons.TargetError] = "the database answered, but not as expected: read the message and the server's log; the operator retries",
    };
}
