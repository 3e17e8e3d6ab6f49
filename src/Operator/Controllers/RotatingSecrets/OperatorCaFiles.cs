namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// The operator's CA bundles for verified TLS to targets (<c>--mysql-ca-file</c>, <c>--postgresql-ca-file</c>,
/// <c>--ldap-ca-file</c>): operator settings, never resource fields, so a namespace cannot point the operator at files.
/// </summary>
/// <param name="MySql">For MySQL servers (<c>mysql.tls: VerifyCA</c> or <c>VerifyFull</c>).</param>
/// <param name="PostgreSql">For PostgreSQL servers (<c>postgresql.tls: VerifyCA</c> or <c>VerifyFull</c>).</param>
/// <param name="Ldap">For the LDAP servers DirectoryServiceAdmin binds to over LDAPS or StartTLS; the system's CAs when null.</param>
public sealed record OperatorCaFiles(string? MySql = null, string? PostgreSql = null, string? Ldap = null);
