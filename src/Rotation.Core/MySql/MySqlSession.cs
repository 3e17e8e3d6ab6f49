using System.Data.Common;
using MySql.Data.MySqlClient;

namespace Rotator.Rotation.MySql;

/// <summary>
/// One logged-in connection, set up so that MySql.Data 8.0.16 can read everything the server sends and so that
/// every string this adapter writes means exactly what it says. Not thread-safe.
/// </summary>
/// <remarks>
/// The driver leaves <c>character_set_results</c> NULL, so result columns arrive in their own character set, and it
/// cannot decode utf8mb3 or collation ids newer than itself: <c>SELECT VERSION()</c>, grant-table columns, and even the
/// <c>SHOW WARNINGS</c> it sends on its own after any statement with a warning or note fail, and the connection is
/// out of step afterwards. With <c>character_set_results = utf8mb4</c> the server converts every text column to
/// utf8mb4, which the driver reads. Queries still CAST their string columns to utf8mb4, so they do not depend on that
/// session setting alone.
/// </remarks>
internal sealed class MySqlSession : IAsyncDisposable
{
    private static readonly string[] NoSecrets = [];

    // sql_mode flags that change how SQL text is read. The driver scans every command text for parameter markers and
    // always treats a backslash in a literal as an escape: under NO_BACKSLASH_ESCAPES a literal ending in a backslash
    // makes it misread the rest of the statement (and its error quotes that text). Without ANSI_QUOTES, SHOW GRANTS
    // quotes identifiers with backticks only. So the session drops both, and the driver, the server and our quoting
    // read every literal the same way.
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
    /// <param name="cancellationToken">Checked between steps; MySql.Data 8.0.16's async methods run synchronously,
    /// so the endpoint's timeouts are what bound each step.</param>
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

            var server = MySqlServerInfo.Parse(connection.ServerVersion);
            foreach (var statement in preamble)
            {
                await RawExecuteAsync(connection, "running the session preamble", statement, cancellationToken);
            }

            await RawExecuteAsync(connection, "setting character_set_results", "SET character_set_results = utf8mb4", cancellationToken);
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
    /// <param name="cancellationToken">Checked before the statement runs.</param>
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

    /// <summary>Runs a query whose string columns are CAST to utf8mb4, mapping each row.</summary>
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
            await using var read = new MySqlCommand("SELECT CAST(@@SESSION.sql_mode AS CHAR CHARACTER SET utf8mb4)", connection);
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

    // The driver throws more than MySqlException when it cannot decode a result (KeyNotFoundException,
    // NotSupportedException, even OutOfMemoryException for a misread length) or loses the stream.
    private static bool IsDriverFailure(Exception e) => e is not (OperationCanceledException or MySqlTargetException);
}
