using System.Net.Sockets;
using System.Security.Authentication;
using MySql.Data.MySqlClient;

namespace Rotator.Rotation.MySql;

/// <summary>
/// Turns whatever MySql.Data throws into a <see cref="MySqlTargetException"/> with a typed failure and a message that
/// cannot contain a password. The driver's exception is never attached: a syntax error's message quotes the SQL around
/// the error, which may be the middle of a password.
/// </summary>
internal static class MySqlErrorTranslator
{
    private const string Redacted = "***";

    // Server errors whose message templates never quote statement text, so they are safe to show even when the
    // statement carried a password (checked against both servers' message files).
    private static readonly HashSet<int> MessagesWithoutStatementText =
    [
        1044, // ER_DBACCESS_DENIED_ERROR
        1045, // ER_ACCESS_DENIED_ERROR
        1132, // ER_PASSWORD_NOT_ALLOWED
        1133, // ER_PASSWORD_NO_MATCH
        1141, // ER_NONEXISTING_GRANT
        1142, // ER_TABLEACCESS_DENIED_ERROR
        1227, // ER_SPECIFIC_ACCESS_DENIED_ERROR
        1396, // ER_CANNOT_USER
        1410, // ER_CANT_CREATE_USER_WITH_GRANT
        1470, // ER_WRONG_STRING_LENGTH
        1819, // ER_NOT_VALID_PASSWORD
        3638, // ER_CREDENTIALS_CONTRADICT_TO_HISTORY
        3891, // ER_INCORRECT_CURRENT_PASSWORD
    ];

    /// <summary>A failed login: classified as bad credentials, unreachable, TLS, or other.</summary>
    public static MySqlTargetException FromOpen(Exception error, MySqlEndpoint endpoint, string user, IReadOnlyCollection<string> secrets)
    {
        var chain = Chain(error).ToList();
        var where = $"logging in to {endpoint.Host}:{endpoint.Port} as '{user}'";
        var detail = Scrub(string.Join(": ", chain.Select(e => e.Message).Where(m => m.Length > 0).Distinct()), secrets);
        var server = chain.OfType<MySqlException>().FirstOrDefault(e => e.Number != 0);
        if (server is { Number: 1045 or 1698 })
        {
            return new MySqlTargetException(MySqlFailure.InvalidCredentials, $"{where}: {Scrub(server.Message, secrets)}", server.Number);
        }

        if (IsTlsFailure(chain))
        {
            var hint = endpoint.Tls switch
            {
                MySqlTlsMode.VerifyCA => $" (the server certificate must be signed by the CA in {endpoint.CaFile})",
                MySqlTlsMode.VerifyFull => " (VerifyFull: with MySql.Data 8.0.16 the server certificate must chain to a CA in the process trust store, "
                    + "e.g. SSL_CERT_FILE or SSL_CERT_DIR, and name the host; a CA file cannot be used, use VerifyCA for that)",
                _ => "",
            };
            return new MySqlTargetException(MySqlFailure.TlsFailure, $"{where}: TLS failed: {detail}{hint}", server?.Number);
        }

        if (server is { Number: 1042 } || chain.Any(e => e is SocketException or IOException or TimeoutException))
        {
            return new MySqlTargetException(
                MySqlFailure.Unreachable,
                $"{where}: the server is unreachable (connect timeout {endpoint.ConnectTimeout.TotalSeconds:0.#} s): {detail}",
                server?.Number);
        }

        return new MySqlTargetException(Classify(server?.Number), $"{where}: {detail}", server?.Number);
    }

    /// <summary>A failed statement. <paramref name="carriesSecret"/>: the SQL held a password, so the server's text is shown only when it cannot echo SQL.</summary>
    public static MySqlTargetException FromStatement(string operation, Exception error, bool carriesSecret, IReadOnlyCollection<string> secrets)
    {
        if (error is not MySqlException server || server.Number == 0)
        {
            // The driver itself failed (e.g. decoding a result, or its own parsing of the SQL text, whose messages
            // can quote that text).
            var detail = carriesSecret
                ? "its message is withheld because the statement carried a password"
                : Scrub(string.Join(": ", Chain(error).Select(e => e.Message).Distinct()), secrets);
            return new MySqlTargetException(MySqlFailure.Other, $"{operation}: the MySQL driver failed ({error.GetType().Name}): {detail}");
        }

        var text = !carriesSecret || MessagesWithoutStatementText.Contains(server.Number)
            ? Scrub(server.Message, secrets)
            : "the server's message is withheld because the statement carried a password";
        return new MySqlTargetException(Classify(server.Number), $"{operation}: MySQL error {server.Number}: {text}", server.Number);
    }

    public static MySqlFailure Classify(int? number) => number switch
    {
        1045 or 1698 or 3891 => MySqlFailure.InvalidCredentials,
        1044 or 1132 or 1142 or 1143 or 1227 or 1370 or 1410 => MySqlFailure.AccessDenied,
        1470 => MySqlFailure.InvalidUserName,
        1819 or 3638 => MySqlFailure.PasswordRejected,
        _ => MySqlFailure.Other,
    };

    /// <summary>Replaces every occurrence of each secret, and of its backslash-escaped form, with <c>***</c>.</summary>
    public static string Scrub(string text, IReadOnlyCollection<string> secrets)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            var escaped = secret.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);
            text = text.Replace(escaped, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static bool IsTlsFailure(List<Exception> chain) =>
        chain.Any(e => e is AuthenticationException)
        || chain.OfType<MySqlException>().Any(e =>
            e.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("TLS", StringComparison.Ordinal));

    private static IEnumerable<Exception> Chain(Exception error)
    {
        var pending = new Stack<Exception>();
        pending.Push(error);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is not null)
            {
                pending.Push(e.InnerException);
            }
        }
    }
}
