using System.Data.Common;
using MySqlConnector;

namespace Rotator.Rotation.MySql;

/// <summary>
/// One logged-in connection whose sql_mode is known, so that every string this adapter writes means exactly what it
/// says. Not thread-safe.
/// </summary>
/// <remarks>
/// MySqlConnector sends several statements in one command text as a batch, so a quoting mistake would not stop at a
/// syntax error: every value goes through <see cref="MySqlQuoter"/>, and the quoting is fuzzed against both servers.
/// </remarks>
internal sealed class MySqlSession : IAsyncDisposable
{
    private static readonly string[] NoSecrets = [];

    // sql_mode flags that change how SQL text is read. MySqlConnector scans every command text for parameter markers
    // and reads a backslash in a literal as an escape unless told otherwise in the connection string, which is fixed
    // before the session's mode is known: under NO_BACKSLASH_ESCAPES a literal ending in a backslash would make it
    // misread the rest of the statement. Under ANSI_QUOTES, SHOW GRANTS quotes identifiers with double quotes, which
    // the grants parser does not read. So the session drops both, and the driver, the server and our quoting read
    // every literal the same way.
    private static readonly string[] ModesRemoved = ["NO_BACKSLASH_ESCAPES", "ANSI_QUOTES"];

    private readonly MySqlConnection connection;

    private MySqlSession(MySqlConnection connection, MySqlServerInfo server, MySqlQuoter quoter, string sqlMode)
    {
        this.connection = connection;
        Server = server;
        Quote = quoter;
        SqlMode = sqlMode;
    }

    public MySqlServerInfo Server { get; }

    public MySqlQuoter Quote { get; }

    /// <summary>The session's sql_mode after setup.</summary>
    public string SqlMode { get; }

    /// <summary>Logs in and prepares the session; failures are classified (<see cref="MySqlFailure"/>) and password-free.</summary>
    /// <param name="endpoint">Where.</param>
    /// <param name="credentials">Who.</param>
    /// <param name="preamble">Statements run before setup, standing in for a server's global settings in tests.</param>
    /// <param name="cancellationToken">Stops the login and the setup (nothing is changed on the server yet).</param>
    public static async Task<MySqlSession> OpenAsync(
        MySqlEndpoint endpoint,
        MySqlCredentials credentials,
        IReadOnlyList<string> preamble,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        string[] secrets = [credentials.Password];
        MySqlConnection connection;
        try
        {
            connection = new MySqlConnection(MySqlConnectionStrings.Build(endpoint, credentials));
        }
        catch (ArgumentException e)
        {
            // The driver's own check of the option combination.
            throw new MySqlTargetException(
                MySqlFailure.InvalidConfiguration,
                $"the MySQL endpoint {endpoint.Host}:{endpoint.Port} has settings the driver refuses: {MySqlErrorTranslator.Scrub(e.Message, secrets)}");
        }

        try
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (Exception e) when (IsDriverFailure(e))
            {
                throw MySqlErrorTranslator.FromOpen(e, endpoint, credentials.UserName, secrets);
            }

            // The version the server announced in its handshake: no query needed.
            var server = MySqlServerInfo.Parse(connection.ServerVersion);
            foreach (var statement in preamble)
            {
                await RawExecuteAsync(connection, "running the session preamble", statement, cancellationToken);
            }

            var mode = await PinSqlModeAsync(connection, cancellationToken);
            var quoter = new MySqlQuoter(backslashEscapes: !HasMode(mode, "NO_BACKSLASH_ESCAPES"));
            return new MySqlSession(connection, server, quoter, mode);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a statement without a result set.</summary>
    /// <param name="operation">What is being done, for the error message (no secrets).</param>
    /// <param name="sql">The statement.</param>
    /// <param name="secrets">Passwords the statement carries: the server's message is then withheld unless it cannot quote SQL.</param>
    /// <param name="cancellationToken">Stops the statement (the driver kills it on the server).</param>
    public async Task ExecuteAsync(string operation, string sql, IReadOnlyCollection<string>? secrets, CancellationToken cancellationToken)
    {
        secrets ??= NoSecrets;
        try
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw MySqlErrorTranslator.FromStatement(operation, e, secrets.Count > 0, secrets);
        }
    }

    /// <summary>
    /// Runs statements that together make one account change, to the end once the first is sent.
    /// </summary>
    /// <remarks>
    /// The token is honoured only before the first statement. MySqlConnector cancels a running statement by killing it
    /// on the server, so a cancelled change could stop halfway (one host's password set, the next not; a grant revoked
    /// and not yet put back) and, worse, end in a cancellation that says nothing about what the server applied. Each
    /// statement is bounded by the endpoint's command timeout instead, so a stopping operator waits at most that long.
    /// </remarks>
    public async Task ChangeAsync(string operation, IReadOnlyList<string> statements, IReadOnlyCollection<string>? secrets, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var sql in statements)
        {
            await ExecuteAsync(operation, sql, secrets, CancellationToken.None);
        }
    }

    /// <summary>Runs a query, mapping each row.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string operation, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new MySqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw MySqlErrorTranslator.FromStatement(operation, e, carriesSecret: false, NoSecrets);
        }
    }

    /// <summary>Runs a query of one string column.</summary>
    public Task<IReadOnlyList<string>> QueryStringsAsync(string operation, string sql, CancellationToken cancellationToken) =>
        QueryAsync(operation, sql, r => r.IsDBNull(0) ? "" : r.GetString(0), cancellationToken);

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static async Task<string> PinSqlModeAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        string mode;
        try
        {
            await using var read = new MySqlCommand("SELECT @@SESSION.sql_mode", connection);
            mode = (string?)await read.ExecuteScalarAsync(cancellationToken) ?? "";
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw MySqlErrorTranslator.FromStatement("reading sql_mode", e, carriesSecret: false, NoSecrets);
        }

        var flags = mode.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!flags.Any(f => ModesRemoved.Contains(f, StringComparer.OrdinalIgnoreCase)))
        {
            return mode;
        }

        // Mode names are [A-Z_]; anything else means we misread the value and must not splice it into SQL.
        if (flags.Any(f => !f.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')))
        {
            throw new MySqlTargetException(MySqlFailure.Other, "the session's sql_mode holds an unexpected value; refusing to rewrite it");
        }

        var kept = string.Join(',', flags.Where(f => !ModesRemoved.Contains(f, StringComparer.OrdinalIgnoreCase)));
        await RawExecuteAsync(connection, "setting sql_mode", $"SET SESSION sql_mode = '{kept}'", cancellationToken);
        return kept;
    }

    private static async Task RawExecuteAsync(MySqlConnection connection, string operation, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw MySqlErrorTranslator.FromStatement(operation, e, carriesSecret: false, NoSecrets);
        }
    }

    private static bool HasMode(string mode, string flag) =>
        mode.Split(',', StringSplitOptions.TrimEntries).Contains(flag, StringComparer.OrdinalIgnoreCase);

    // Besides MySqlException the driver throws InvalidOperationException, NotSupportedException (an authentication
    // plugin it lacks) and IOException (a lost stream); callers see one exception type whatever it was.
    private static bool IsDriverFailure(Exception e) => e is not (OperationCanceledException or MySqlTargetException);
}
