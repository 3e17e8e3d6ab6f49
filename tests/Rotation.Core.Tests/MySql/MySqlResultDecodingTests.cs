using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>
/// What the driver reads straight from both servers, with no conversion asked of the server: utf8mb3 columns (a table's
/// and the grant tables' own), <c>SELECT VERSION()</c>, and a session that goes on after a warning or a note.
/// </summary>
public sealed class MySqlResultDecodingTests(TestbedFixture testbed)
{
    // Non-ASCII text utf8mb3 can hold: its characters take two and three bytes in UTF-8.
    private const string Text = "Zürich – 名前 ñ ß €";

    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_utf8mb3_column_with_non_ASCII_text_reads_back_as_written(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        var table = $"rotator_test.{MySqlTestServer.UniqueName("t_")}";
        await using var sql = await server.SqlAsync();
        await sql.ExecuteAsync("test setup", "CREATE DATABASE IF NOT EXISTS rotator_test", null, MySqlTestServer.Token);
        await sql.ExecuteAsync("test setup", $"CREATE TABLE {table} (name VARCHAR(64) CHARACTER SET utf8mb3 NOT NULL)", null, MySqlTestServer.Token);
        try
        {
            await sql.ExecuteAsync("test setup", $"INSERT INTO {table} VALUES ({sql.Quote.Literal(Text)})", null, MySqlTestServer.Token);

            var read = await sql.QueryStringsAsync("test query", $"SELECT name FROM {table}", MySqlTestServer.Token);
            var charset = await sql.QueryStringsAsync(
                "test query",
                "SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS "
                + $"WHERE TABLE_SCHEMA = 'rotator_test' AND TABLE_NAME = {sql.Quote.Literal(table["rotator_test.".Length..])} AND COLUMN_NAME = 'name'",
                MySqlTestServer.Token);

            charset.Should().Equal("utf8mb3");
            read.Should().Equal(Text);
        }
        finally
        {
            await sql.ExecuteAsync("test cleanup", $"DROP TABLE IF EXISTS {table}", null, CancellationToken.None);
        }
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task The_grant_tables_utf8mb3_columns_read_as_written(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var user = accounts.User("rt_ü名");
        await server.CreateUserAsync(user, MySqlTestServer.NastyPassword(), "%");

        var users = await server.StringsAsync($"SELECT User FROM mysql.user WHERE Host = '%' AND User = '{user}'");

        users.Should().Equal(user);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task VERSION_reads_as_the_handshake_announced_it(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var sql = await server.SqlAsync();

        var version = await sql.QueryStringsAsync("test query", "SELECT VERSION()", MySqlTestServer.Token);

        version.Should().Equal(sql.Server.VersionText);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_statement_with_a_warning_or_a_note_leaves_the_session_usable(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var sql = await server.SqlAsync();

        // A truncation warning, then the note both servers answer DROP USER IF EXISTS of nobody with.
        var truncated = await sql.QueryAsync("test query", "SELECT CAST('12abc' AS SIGNED)", Number, MySqlTestServer.Token);
        await sql.ExecuteAsync("test", $"DROP USER IF EXISTS {sql.Quote.Account(MySqlTestServer.UniqueName("rt_none_"), "%")}", null, MySqlTestServer.Token);
        var notes = await sql.QueryAsync("test query", "SELECT @@warning_count", Number, MySqlTestServer.Token);
        var after = await sql.QueryStringsAsync("test query", $"SELECT {sql.Quote.Literal(Text)}", MySqlTestServer.Token);

        truncated.Should().Equal(12);
        notes.Should().Equal([1L], "the DROP USER IF EXISTS of nobody left its note");
        after.Should().Equal(Text);
    }

    private static long Number(System.Data.Common.DbDataReader row) => Convert.ToInt64(row.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
}
