using System.Data.Common;
using Npgsql;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// One logged-in connection on a data source of its own: nothing is cached or pooled across sessions, so no password
/// outlives the session in the driver (a connection string passed to NpgsqlConnection would be kept in a static cache).
/// Queries bind their values; statements that cannot (role statements) are written with <see cref="PostgreSqlSyntax"/>.
/// Not thread-safe.
/// </summary>
internal sealed class PostgreSqlSession : IAsyncDisposable
{
    private static readonly string[] NoSecrets = [];

    private readonly NpgsqlDataSource dataSource;
    private readonly NpgsqlConnection connection;
    private NpgsqlTransaction? transaction;

    private PostgreSqlSession(NpgsqlDataSource dataSource, NpgsqlConnection connection, PostgreSqlEndpoint endpoint, PostgreSqlServerInfo server)
    {
        this.dataSource = dataSource;
        this.connection = connection;
        Endpoint = endpoint;
        Server = server;
    }

    public PostgreSqlEndpoint Endpoint { get; }

    public PostgreSqlServerInfo Server { get; }

    /// <summary>Logs in; failures are classified (<see cref="PostgreSqlFailure"/>) and password-free.</summary>
    public static async Task<PostgreSqlSession> OpenAsync(PostgreSqlEndpoint endpoint, PostgreSqlCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        string[] secrets = [credentials.Password];
        NpgsqlDataSource dataSource;
        try
        {
            var builder = new NpgsqlDataSourceBuilder(PostgreSqlConnectionStrings.Build(endpoint, credentials));

            // Only built-in types are read (text, bool, integers), so the pg_type query every new data source makes is waste.
            builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
            dataSource = builder.Build();
        }
        catch (ArgumentException e)
        {
            // The driver's own check of the option combination.
            throw new PostgreSqlTargetException(
                PostgreSqlFailure.InvalidConfiguration,
                $"the PostgreSQL endpoint {endpoint.Server} has settings the driver refuses: {PostgreSqlErrorTranslator.ScrubAll(e.Message, secrets)}");
        }

        NpgsqlConnection? connection = null;
        try
        {
            try
            {
                connection = await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (Exception e) when (IsDriverFailure(e))
            {
                throw PostgreSqlErrorTranslator.FromOpen(e, endpoint, credentials.UserName, secrets);
            }

            var parameters = connection.PostgresParameters;
            var server = new PostgreSqlServerInfo(
                connection.ServerVersion,
                connection.PostgreSqlVersion,
                parameters.TryGetValue("server_encoding", out var encoding) ? encoding : "UTF8");
            return new PostgreSqlSession(dataSource, connection, endpoint, server);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a statement without a result set.</summary>
    /// <param name="operation">What is being done, for the error message (no secrets).</param>
    /// <param name="sql">The statement.</param>
    /// <param name="secrets">Passwords and verifiers the statement carries: the server's message is then withheld unless it cannot quote SQL.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="setsPassword">The statement sets a password, so a 22023 is a password check's refusal.</param>
    public async Task ExecuteAsync(string operation, string sql, IReadOnlyCollection<string>? secrets, CancellationToken cancellationToken, bool setsPassword = false)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw PostgreSqlErrorTranslator.FromStatement(operation, e, secrets ?? NoSecrets, setsPassword);
        }
    }

    /// <summary>
    /// Inside <see cref="InTransactionAsync{T}"/>: runs a statement in a savepoint, so that the server refusing it for lack
    /// of privilege (42501) leaves the transaction usable. Returns that refusal; any other failure is thrown.
    /// </summary>
    public async Task<PostgreSqlTargetException?> TryExecuteAsync(string operation, string sql, CancellationToken cancellationToken)
    {
        var open = transaction ?? throw new InvalidOperationException("TryExecuteAsync needs a transaction");
        const string Savepoint = "rotator_try";
        await open.SaveAsync(Savepoint, cancellationToken);
        try
        {
            await ExecuteAsync(operation, sql, null, cancellationToken);
        }
        catch (PostgreSqlTargetException e) when (e.Failure == PostgreSqlFailure.AccessDenied)
        {
            await open.RollbackAsync(Savepoint, cancellationToken);
            return e;
        }

        await open.ReleaseAsync(Savepoint, cancellationToken);
        return null;
    }

    /// <summary>Runs a query with positional parameters (<c>$1</c>, <c>$2</c>...), mapping each row.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string operation, string sql, IReadOnlyList<object> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

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
            throw PostgreSqlErrorTranslator.FromStatement(operation, e, NoSecrets);
        }
    }

    /// <summary>The one value of a one-row, one-column query.</summary>
    public async Task<T> ScalarAsync<T>(string operation, string sql, IReadOnlyList<object> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(operation, sql, parameters, map, cancellationToken);
        return rows.Count == 1
            ? rows[0]
            : throw new PostgreSqlTargetException(PostgreSqlFailure.Other, $"{operation}: expected one row, the server returned {rows.Count}");
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction: PostgreSQL's role statements are transactional, so a crash or a
    /// failure half-way leaves nothing half-done.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(string operation, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (transaction is not null)
        {
            return await work();
        }

        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            throw PostgreSqlErrorTranslator.FromStatement(operation, e, NoSecrets);
        }

        try
        {
            var result = await work();
            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception e) when (IsDriverFailure(e))
            {
                throw PostgreSqlErrorTranslator.FromStatement($"{operation} (commit)", e, NoSecrets);
            }

            return result;
        }
        finally
        {
            // Disposing an uncommitted transaction rolls it back.
            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    /// <summary>
    /// Sets <paramref name="role"/>'s password as a verifier computed here, in the form this session's
    /// <c>password_encryption</c> asks for (SCRAM-SHA-256 unless it says md5), as psql's \password does.
    /// </summary>
    public async Task<PostgreSqlPasswordEncoding> SetPasswordAsync(string role, string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        PostgreSqlNames.Validate(role, "role", Server.ServerEncoding);
        var (verifier, encoding) = await VerifierAsync(role, password, cancellationToken);
        await ExecuteAsync(
            $"setting the password of role '{role}'",
            $"ALTER ROLE {PostgreSqlSyntax.Identifier(role)} PASSWORD {PostgreSqlSyntax.Literal(verifier)}",
            [password, verifier],
            cancellationToken,
            setsPassword: true);
        return encoding;
    }

    /// <summary>The verifier of <paramref name="password"/> for <paramref name="role"/> in the encoding this session's <c>password_encryption</c> asks for.</summary>
    public async Task<(string Verifier, PostgreSqlPasswordEncoding Encoding)> VerifierAsync(string role, string password, CancellationToken cancellationToken)
    {
        var setting = await ScalarAsync(
            "reading password_encryption", "SELECT current_setting('password_encryption')", [], r => r.GetString(0), cancellationToken);
        var encoding = PostgreSqlPasswordVerifier.EncodingFor(setting);
        return (PostgreSqlPasswordVerifier.Compute(encoding, password, role), encoding);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    private static bool IsDriverFailure(Exception e) => e is not (OperationCanceledException or PostgreSqlTargetException);
}
