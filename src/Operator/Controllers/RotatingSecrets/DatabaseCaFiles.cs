namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// The operator's CA bundles for verified database TLS (<c>--mysql-ca-file</c>, <c>--postgresql-ca-file</c>): operator
/// settings, never resource fields, so a namespace cannot point the operator at files.
/// </summary>
public sealed record DatabaseCaFiles(string? MySql = null, string? PostgreSql = null);
