using System.Net.Sockets;
using System.Security.Authentication;
using MySqlConnector;
using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.MySql;

/// <summary>
/// Turns whatever MySqlConnector throws into a <see cref="MySqlTargetException"/> with a typed failure and a message that
/// cannot contain a password. The driver's exception is never attached: a syntax error's message quotes the SQL around
/// the error, which may be the middle of a password.
/// </summary>
internal static class MySqlErrorTranslator
{
    private const string Redacted = "***";

    // Server errors MySqlConnector's enum does not name (it stops at MySQL 5.7's list).
    private const MySqlErrorCode AccessDeniedNoPassword = (MySqlErrorCode)1698; // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
    private const MySqlErrorCode NotValidPassword = (MySqlErrorCode)1819; // ER_NOT_VALID_PASSWORD
    private const MySqlErrorCode CredentialsContradictHistory = (MySqlErrorCode)3638; // ER_CREDENTIALS_CONTRADICT_TO_HISTORY
    private const MySqlErrorCode IncorrectCurrentPassword = (MySqlErrorCode)3891; // ER_INCORRECT_CURRENT_PASSWORD

    // Server errors whose message templates never quote statement text, so they are safe to show even when the
    // statement carried a password (checked against both servers' message files).
    private static readonly HashSet<MySqlErrorCode> MessagesWithoutStatementText =
    [
        MySqlErrorCode.DatabaseAccessDenied,
        MySqlErrorCode.AccessDenied,
        MySqlErrorCode.PasswordNotAllowed,
        MySqlErrorCode.PasswordNoMatch,
        MySqlErrorCode.NonExistingGrant,
        MySqlErrorCode.TableAccessDenied,
        MySqlErrorCode.SpecifiedAccessDeniedError,
        MySqlErrorCode.CannotUser,
        MySqlErrorCode.CannotCreateUserWithGrant,
        MySqlErrorCode.WrongStringLength,
        NotValidPassword,
        CredentialsContradictHistory,
        IncorrectCurrentPassword,
    ];

    /// <summary>A failed login: classified as bad credentials, unreachable, TLS, or other.</summary>
    public static MySqlTargetException FromOpen(Exception error, MySqlEndpoint endpoint, string user, IReadOnlyCollection<string> secrets)
    {
        var chain = Chain(error).ToList();
        var where = $"logging in to {endpoint.Host}:{endpoint.Port} as '{user}'";
        var detail = Scrub(string.Join(": ", chain.Select(e => e.Message).Where(m => m.Length > 0).Distinct()), secrets);
        var driver = chain.OfType<MySqlException>().FirstOrDefault();
        var number = ServerNumber(driver);
        if (driver?.ErrorCode is MySqlErrorCode.AccessDenied or AccessDeniedNoPassword)
        {
            return new MySqlTargetException(MySqlFailure.InvalidCredentials, $"{where}: {Scrub(driver.Message, secrets)}", number);
        }

        // MySqlConnector reports a rejected certificate (and a failed TLS handshake) as UnableToConnectToHost with the
        // AuthenticationException of SslStream inside.
        if (chain.Any(e => e is AuthenticationException))
        {
            var hint = endpoint.Tls switch
            {
                DatabaseTlsMode.VerifyCA => $" (the server certificate must be signed by the CA in {endpoint.CaFile})",
                DatabaseTlsMode.VerifyFull when endpoint.CaFile is not null =>
                    $" (VerifyFull: the server certificate must be signed by the CA in {endpoint.CaFile} and name the host {endpoint.Host})",
                DatabaseTlsMode.VerifyFull => " (VerifyFull: the server certificate must chain to a CA in the process trust store, "
                    + $"e.g. SSL_CERT_FILE or SSL_CERT_DIR, and name the host {endpoint.Host})",
                _ => "",
            };
            return new MySqlTargetException(MySqlFailure.TlsFailure, $"{where}: TLS failed: {detail}{hint}", number);
        }

        if (driver?.ErrorCode is MySqlErrorCode.UnableToConnectToHost || chain.Any(e => e is SocketException or IOException or TimeoutException))
        {
            return new MySqlTargetException(
                MySqlFailure.Unreachable,
                $"{where}: the server is unreachable (connect timeout {endpoint.ConnectTimeout.TotalSeconds:0.#} s): {detail}",
                number);
        }

        return new MySqlTargetException(Classify(number), $"{where}: {detail}", number);
    }

    /// <summary>A failed statement. <paramref name="carriesSecret"/>: the SQL held a password, so the server's text is shown only when it cannot echo SQL.</summary>
    public static MySqlTargetException FromStatement(string operation, Exception error, bool carriesSecret, IReadOnlyCollection<string> secrets)
    {
        if (ServerNumber(error as MySqlException) is not { } number)
        {
            // The driver itself failed (a lost connection, a command timeout, its own reading of the SQL text, whose
            // messages can quote that text).
            var detail = carriesSecret
                ? "its message is withheld because the statement carried a password"
                : Scrub(string.Join(": ", Chain(error).Select(e => e.Message).Distinct()), secrets);
            return new MySqlTargetException(MySqlFailure.Other, $"{operation}: the MySQL driver failed ({error.GetType().Name}): {detail}");
        }

        var server = (MySqlException)error;
        var text = !carriesSecret || MessagesWithoutStatementText.Contains(server.ErrorCode)
            ? Scrub(server.Message, secrets)
            : "the server's message is withheld because the statement carried a password";
        return new MySqlTargetException(Classify(number), $"{operation}: MySQL error {number}: {text}", number);
    }

    public static MySqlFailure Classify(int? number) => (MySqlErrorCode?)number switch
    {
        MySqlErrorCode.AccessDenied or AccessDeniedNoPassword or IncorrectCurrentPassword => MySqlFailure.InvalidCredentials,
        MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.PasswordNotAllowed or MySqlErrorCode.TableAccessDenied
            or MySqlErrorCode.ColumnAccessDenied or MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.PrecedureAccessDenied
            or MySqlErrorCode.CannotCreateUserWithGrant => MySqlFailure.AccessDenied,
        MySqlErrorCode.WrongStringLength => MySqlFailure.InvalidUserName,
        NotValidPassword or CredentialsContradictHistory => MySqlFailure.PasswordRejected,
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

    /// <summary>
    /// The server's error number, or null when the driver raised the error itself: MySqlConnector numbers its own
    /// errors too (UnableToConnectToHost, CommandTimeoutExpired), but only an error packet from the server has a SQLSTATE.
    /// </summary>
    private static int? ServerNumber(MySqlException? error) => error?.SqlState is null ? null : error.Number;

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
