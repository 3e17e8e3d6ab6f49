using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// Turns whatever Npgsql throws into a <see cref="PostgreSqlTargetException"/> classified by SQLSTATE, with a message that
/// cannot contain a password or a verifier. The driver's exception is never attached: it can carry the statement
/// (its batch command), and a syntax error's message quotes the text around the error.
/// </summary>
internal static class PostgreSqlErrorTranslator
{
    // SQLSTATEs whose message templates never quote statement text, so they are shown even when the statement carried
    // a verifier (scrubbed all the same).
    private static readonly HashSet<string> MessagesWithoutStatementText =
    [
        PostgresErrorCodes.InsufficientPrivilege,
        PostgresErrorCodes.UndefinedObject,
        PostgresErrorCodes.DuplicateObject,
        PostgresErrorCodes.InvalidParameterValue,
        PostgresErrorCodes.InvalidGrantOperation,
        PostgresErrorCodes.InvalidGrantor,
        PostgresErrorCodes.ReservedName,
        PostgresErrorCodes.ReadOnlySqlTransaction,
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.QueryCanceled,
        PostgresErrorCodes.AdminShutdown,
    ];

    /// <summary>A failed login: bad credentials, unreachable, TLS, a missing database, or other.</summary>
    public static PostgreSqlTargetException FromOpen(Exception error, PostgreSqlEndpoint endpoint, string user, IReadOnlyCollection<string> secrets)
    {
        var chain = Chain(error).ToList();
        var where = $"logging in to {endpoint.Server} (database '{endpoint.Database}') as '{user}'";
        if (chain.OfType<PostgresException>().FirstOrDefault() is { } server)
        {
            var failure = Classify(server.SqlState, setsPassword: false);
            var text = $"{where}: {Describe(server, secrets)}";
            return new PostgreSqlTargetException(failure is PostgreSqlFailure.AccessDenied ? PostgreSqlFailure.InvalidCredentials : failure, text, server.SqlState);
        }

        var detail = ScrubAll(string.Join(": ", chain.Select(e => e.Message).Where(m => m.Length > 0).Distinct()), secrets);
        if (chain.Any(e => e is AuthenticationException) || chain.Any(e => e.Message.Contains("SSL", StringComparison.Ordinal)))
        {
            var hint = endpoint.Tls switch
            {
                DatabaseTlsMode.VerifyCA or DatabaseTlsMode.VerifyFull when endpoint.CaFile is not null =>
                    $" ({endpoint.Tls}: the server certificate must chain to the CA in {endpoint.CaFile}{(endpoint.Tls == DatabaseTlsMode.VerifyFull ? $" and name {endpoint.Host}" : "")})",
                DatabaseTlsMode.VerifyCA or DatabaseTlsMode.VerifyFull =>
                    $" ({endpoint.Tls} without a CA file: the server certificate must chain to a CA in the process trust store)",
                _ => "",
            };
            return new PostgreSqlTargetException(PostgreSqlFailure.TlsFailure, $"{where}: TLS failed: {detail}{hint}");
        }

        if (chain.Any(e => e is SocketException or IOException or TimeoutException) || error is NpgsqlException { IsTransient: true })
        {
            return new PostgreSqlTargetException(
                PostgreSqlFailure.Unreachable,
                $"{where}: the server is unreachable (connect timeout {endpoint.ConnectTimeout.TotalSeconds:0.#} s): {detail}");
        }

        return new PostgreSqlTargetException(PostgreSqlFailure.Other, $"{where}: {error.GetType().Name}: {detail}");
    }

    /// <summary>A failed statement. <paramref name="secrets"/>: what the statement carried (passwords, verifiers); non-empty, the server's text is shown only when it cannot echo SQL.</summary>
    public static PostgreSqlTargetException FromStatement(string operation, Exception error, IReadOnlyCollection<string> secrets, bool setsPassword = false)
    {
        if (error is PostgresException server)
        {
            var text = secrets.Count == 0 || MessagesWithoutStatementText.Contains(server.SqlState)
                ? Describe(server, secrets)
                : $"SQLSTATE {server.SqlState} (the server's message is withheld because the statement carried a password verifier)";
            return new PostgreSqlTargetException(Classify(server.SqlState, setsPassword), $"{operation}: {text}", server.SqlState);
        }

        var chain = Chain(error).ToList();
        if (chain.Any(e => e is SocketException or IOException or TimeoutException) || error is NpgsqlException { IsTransient: true })
        {
            return new PostgreSqlTargetException(PostgreSqlFailure.Unreachable, $"{operation}: the connection to the server failed ({error.GetType().Name})");
        }

        var detail = secrets.Count > 0
            ? "its message is withheld because the statement carried a password verifier"
            : ScrubAll(string.Join(": ", chain.Select(e => e.Message).Distinct()), secrets);
        return new PostgreSqlTargetException(PostgreSqlFailure.Other, $"{operation}: the PostgreSQL driver failed ({error.GetType().Name}): {detail}");
    }

    /// <param name="sqlState">The server's SQLSTATE.</param>
    /// <param name="setsPassword">Whether the statement set a password: then 22023 is a password check's refusal (passwordcheck, credcheck).</param>
    public static PostgreSqlFailure Classify(string? sqlState, bool setsPassword) => sqlState switch
    {
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => PostgreSqlFailure.InvalidCredentials,
        PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.InvalidGrantor => PostgreSqlFailure.AccessDenied,
        PostgresErrorCodes.UndefinedObject => PostgreSqlFailure.RoleNotFound,
        PostgresErrorCodes.InvalidCatalogName => PostgreSqlFailure.DatabaseNotFound,
        PostgresErrorCodes.ReservedName or PostgresErrorCodes.NameTooLong => PostgreSqlFailure.InvalidName,
        PostgresErrorCodes.InvalidParameterValue when setsPassword => PostgreSqlFailure.PasswordRejected,
        PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown => PostgreSqlFailure.Unreachable,
        { Length: 5 } s when s.StartsWith("08", StringComparison.Ordinal) => PostgreSqlFailure.Unreachable,
        _ => PostgreSqlFailure.Other,
    };

    /// <summary>Replaces every occurrence of each secret with <c>***</c>.</summary>
    public static string ScrubAll(string text, IReadOnlyCollection<string> secrets)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).OrderByDescending(s => s.Length))
        {
            text = SecretRedaction.Redact(text, secret);

            // As a string constant would quote it.
            text = SecretRedaction.Redact(text, secret.Replace("'", "''", StringComparison.Ordinal));
        }

        return text;
    }

    private static string Describe(PostgresException server, IReadOnlyCollection<string> secrets) =>
        $"{ScrubAll(server.MessageText, secrets)} (SQLSTATE {server.SqlState})";

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }
        }
    }
}
