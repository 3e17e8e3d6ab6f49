using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Rotator.Rotation.MySql;

/// <summary>
/// An account's TLS requirements (REQUIRE) and resource limits, as the grant tables hold them. Read from
/// <c>mysql.user</c> rather than SHOW CREATE USER: no parsing, and the password hash never leaves the server.
/// </summary>
internal sealed record MySqlAccountOptions(
    string SslType,
    string Cipher,
    string Issuer,
    string Subject,
    long MaxQueriesPerHour,
    long MaxUpdatesPerHour,
    long MaxConnectionsPerHour,
    long MaxUserConnections)
{
    /// <summary>Columns in the order <see cref="Read"/> expects; <c>mysql.user</c> is a view over global_priv on MariaDB 10.4+.</summary>
    public const string SelectList =
        "ssl_type, ssl_cipher, x509_issuer, x509_subject, max_questions, max_updates, max_connections, max_user_connections";

    public static MySqlAccountOptions Read(DbDataReader row) => new(
        Text(row, 0),
        Text(row, 1),
        Text(row, 2),
        Text(row, 3),
        Number(row, 4),
        Number(row, 5),
        Number(row, 6),
        Number(row, 7));

    /// <summary>The <c>REQUIRE ... WITH ...</c> tail of an ALTER USER that gives another account these options.</summary>
    public string ToAlterUserClause(MySqlQuoter quote)
    {
        var sql = new StringBuilder(" REQUIRE ");
        switch (SslType.ToUpperInvariant())
        {
            case "":
                sql.Append("NONE");
                break;
            case "ANY":
                sql.Append("SSL");
                break;
            case "X509":
                sql.Append("X509");
                break;
            case "SPECIFIED":
                var parts = new List<string>(3);
                if (Issuer.Length > 0)
                {
                    parts.Add($"ISSUER {quote.Literal(Issuer)}");
                }

                if (Subject.Length > 0)
                {
                    parts.Add($"SUBJECT {quote.Literal(Subject)}");
                }

                if (Cipher.Length > 0)
                {
                    parts.Add($"CIPHER {quote.Literal(Cipher)}");
                }

                // SPECIFIED with nothing specified is X509 in effect (a client certificate is still demanded).
                sql.Append(parts.Count > 0 ? string.Join(" AND ", parts) : "X509");
                break;
            default:
                throw new MySqlTargetException(MySqlFailure.NotSupported, $"unknown ssl_type '{SslType}' in mysql.user");
        }

        // MariaDB stores -1 in max_user_connections for "no connections at all", which ALTER USER cannot express.
        var limits = new (string Name, long Value)[]
        {
            ("MAX_QUERIES_PER_HOUR", MaxQueriesPerHour),
            ("MAX_UPDATES_PER_HOUR", MaxUpdatesPerHour),
            ("MAX_CONNECTIONS_PER_HOUR", MaxConnectionsPerHour),
            ("MAX_USER_CONNECTIONS", MaxUserConnections),
        }.Where(l => l.Value >= 0).ToList();
        if (limits.Count > 0)
        {
            sql.Append(" WITH");
            foreach (var (name, value) in limits)
            {
                sql.Append(CultureInfo.InvariantCulture, $" {name} {value}");
            }
        }

        return sql.ToString();
    }

    // MySQL keeps ssl_cipher, x509_issuer and x509_subject in BLOB columns, which arrive as bytes; the server wrote
    // them from the UTF-8 text of a REQUIRE clause.
    private static string Text(DbDataReader row, int ordinal) => row.GetValue(ordinal) switch
    {
        DBNull => "",
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static long Number(DbDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? 0 : Convert.ToInt64(row.GetValue(ordinal), CultureInfo.InvariantCulture);
}
