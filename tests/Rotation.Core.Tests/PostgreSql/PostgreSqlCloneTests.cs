using FluentAssertions;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>
/// <see cref="IPostgreSqlAdminSession.CloneRoleAsync"/> against the real server, as a CREATEROLE admin (not a superuser):
/// what the clone gets, that its sessions act as the original, what it has beyond is reported and kept, and that a
/// failure half-way leaves nothing behind.
/// </summary>
public sealed class PostgreSqlCloneTests(TestbedFixture testbed)
{
    private static CancellationToken Token => PostgreSqlTestServer.Token;

    [Fact]
    public async Task A_new_clone_gets_the_originals_attributes_memberships_CONNECT_and_settings_and_acts_as_the_original()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var clone = world.Roles.Track(world.App + "_clone");
        var password = $"clone-{Guid.NewGuid():N}";

        var report = await world.CloneAsync(clone, password);

        report.Created.Should().BeTrue();
        report.Owner.Should().Be(world.App);
        report.Beyond.Should().BeEmpty();
        report.Encoding.Should().Be(PostgreSqlPasswordEncoding.ScramSha256);
        report.Changed.Should().Contain(["CONNECTION LIMIT 20", $"member of {world.Group}", $"member of {world.AdminGroup} WITH ADMIN OPTION", $"member of {world.App}", $"CONNECT on database {world.Database}"]);
        (await world.AttributesAsync(clone)).Should().Be((await world.AttributesAsync(world.App))! with { Name = clone });
        (await world.MembershipsAsync(clone)).Should().BeEquivalentTo([.. await world.MembershipsAsync(world.App), $"{world.App}:False"]);
        report.NotCopied.Should().Equal(["setting app.note (the admin may not set it)"], "since PostgreSQL 15 a custom setting no module defines is superuser-only");
        (await world.SettingsAsync(clone)).Should().BeEquivalentTo(
            [.. (await world.SettingsAsync(world.App)).Where(s => !s!.StartsWith(":app.note=", StringComparison.Ordinal)), $":role={world.App}"]);
        (await world.Server.StoredPasswordAsync(clone)).Should().StartWith("SCRAM-SHA-256$");
        (await world.Server.CanLogInAsync(clone, password, database: world.Database)).Should().BeTrue("CONNECT was copied");
        (await world.SessionUsersAsync(clone, password)).Should().Be($"{clone} as {world.App}");
        (await world.Server.LogAsync()).Should().NotContain(password);
    }

    [Fact]
    public async Task A_superuser_admin_copies_every_setting_exactly()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var clone = world.Roles.Track(world.App + "_clone");

        var report = await world.CloneAsync(clone, $"p-{Guid.NewGuid():N}", world.Server.Superuser);

        report.NotCopied.Should().BeEmpty();
        (await world.SettingsAsync(clone)).Should().BeEquivalentTo([.. await world.SettingsAsync(world.App), $":role={world.App}"]);
    }

    [Fact]
    public async Task Cloning_again_changes_only_the_password()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var clone = world.Roles.Track(world.App + "_clone");
        await world.CloneAsync(clone, $"first-{Guid.NewGuid():N}");
        var second = $"second-{Guid.NewGuid():N}";

        var report = await world.CloneAsync(clone, second);

        report.Created.Should().BeFalse();
        report.Changed.Should().BeEmpty();
        (await world.Server.CanLogInAsync(clone, second)).Should().BeTrue();
    }

    [Fact]
    public async Task An_existing_clone_keeps_and_reports_what_it_has_beyond_the_original()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var clone = world.Roles.Track(world.App + "_clone");
        var extra = world.Roles.Name("rt_extra_");
        await world.Server.CreateRoleAsync(clone, $"aws-{Guid.NewGuid():N}", "LOGIN CREATEDB CONNECTION LIMIT 3");
        await world.Server.ExecAsync(
            $"CREATE ROLE {Id(extra)} NOLOGIN",
            $"GRANT {Id(extra)} TO {Id(clone)}",
            $"GRANT {Id(world.App)} TO {Id(clone)}",
            $"ALTER ROLE {Id(clone)} SET app.only_on_clone = 'x'",
            $"CREATE TABLE {Id(world.Schema)}.made_by_clone (id int)",
            $"ALTER TABLE {Id(world.Schema)}.made_by_clone OWNER TO {Id(clone)}");

        var report = await world.CloneAsync(clone, $"p-{Guid.NewGuid():N}");

        report.Created.Should().BeFalse();
        report.Changed.Should().Contain("CONNECTION LIMIT 20");
        report.Beyond.Should().Contain(["CREATEDB", $"member of {extra}", "setting app.only_on_clone"]);
        report.Beyond.Should().Contain(b => b.StartsWith("owns 1 objects (REASSIGN OWNED BY", StringComparison.Ordinal));
        (await world.MembershipsAsync(clone)).Should().Contain($"{extra}:False", "nothing is revoked from a user that may be in use");
    }

    [Fact]
    public async Task The_clone_acts_as_the_role_the_originals_own_sessions_act_as()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var team = world.Roles.Name("rt_team_");
        await world.Server.ExecAsync(
            $"CREATE ROLE {Id(team)} NOLOGIN",
            $"GRANT {Id(team)} TO {Id(world.App)}",
            $"ALTER ROLE {Id(world.App)} SET role = {PostgreSqlSyntax.Literal(team)}");
        var clone = world.Roles.Track(world.App + "_clone");
        var password = $"p-{Guid.NewGuid():N}";

        var report = await world.CloneAsync(clone, password);

        report.Owner.Should().Be(team);
        (await world.SessionUsersAsync(clone, password)).Should().Be($"{clone} as {team}");
    }

    [Fact]
    public async Task A_membership_the_admin_may_not_grant_fails_and_leaves_no_clone()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var powerful = world.Roles.Name("rt_su_");
        await world.Server.ExecAsync($"CREATE ROLE {Id(powerful)} SUPERUSER NOLOGIN", $"GRANT {Id(powerful)} TO {Id(world.App)}");
        var clone = world.Roles.Track(world.App + "_clone");

        var clone1 = () => world.CloneAsync(clone, $"p-{Guid.NewGuid():N}");

        var error = (await clone1.Should().ThrowAsync<PostgreSqlTargetException>()).Which;
        error.Failure.Should().Be(PostgreSqlFailure.AccessDenied, error.Message);
        (await world.Server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", clone)).Should().BeEmpty("the transaction was rolled back");
    }

    [Fact]
    public async Task CONNECT_the_admin_may_not_grant_fails_and_leaves_no_clone()
    {
        await using var world = await CloneWorld.StartAsync(testbed);
        var locked = await world.Roles.DatabaseAsync("rtlocked_");
        await world.Server.ExecAsync($"REVOKE CONNECT ON DATABASE {Id(locked)} FROM PUBLIC", $"GRANT CONNECT ON DATABASE {Id(locked)} TO {Id(world.App)}");
        var clone = world.Roles.Track(world.App + "_clone");

        var clone1 = () => world.CloneAsync(clone, $"p-{Guid.NewGuid():N}");

        var error = (await clone1.Should().ThrowAsync<PostgreSqlTargetException>()).Which;
        error.Failure.Should().Be(PostgreSqlFailure.AccessDenied);
        error.Message.Should().Contain(locked).And.Contain("GRANT OPTION");
        (await world.Server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", clone)).Should().BeEmpty();
    }

    private static string Id(string name) => PostgreSqlSyntax.Identifier(name);

    /// <summary>
    /// An original the way applications have them, on the test bed: CONNECTION LIMIT and VALID UNTIL, a plain and an
    /// admin-option membership, settings of every kind (a quoted search_path, a custom one with a quote and a backslash,
    /// one per database), CONNECT on a database PUBLIC may not connect to, a schema of its own; and a CREATEROLE admin.
    /// </summary>
    private sealed class CloneWorld : IAsyncDisposable
    {
        private CloneWorld(PostgreSqlTestServer server, PostgreSqlTestRoles roles)
        {
            Server = server;
            Roles = roles;
            App = roles.Name("rt_App_");
            Admin = roles.Name("rt_adm_");
            Group = roles.Name("rt_grp_");
            AdminGroup = roles.Name("rt_agrp_");
            Schema = roles.Name("rt_s_");
        }

        public PostgreSqlTestServer Server { get; }

        public PostgreSqlTestRoles Roles { get; }

        public string App { get; }

        public string Admin { get; }

        public string Group { get; }

        public string AdminGroup { get; }

        public string Schema { get; }

        public string Database { get; private set; } = "";

        public PostgreSqlCredentials AdminCredentials { get; private set; } = new("", "");

        public static async Task<CloneWorld> StartAsync(TestbedFixture testbed)
        {
            var server = new PostgreSqlTestServer(testbed);
            var world = new CloneWorld(server, server.Roles());
            var database = await world.Roles.DatabaseAsync();
            world.Database = database;
            world.AdminCredentials = new PostgreSqlCredentials(world.Admin, $"adm-{Guid.NewGuid():N}");
            await server.CreateRoleAsync(world.Admin, world.AdminCredentials.Password, "LOGIN CREATEROLE");
            await server.CreateRoleAsync(world.App, $"app-{Guid.NewGuid():N}", "LOGIN CONNECTION LIMIT 20 VALID UNTIL '2099-01-01 00:00:00+00'");
            await server.ExecAsync(
                $"CREATE ROLE {Id(world.Group)} NOLOGIN",
                $"CREATE ROLE {Id(world.AdminGroup)} NOLOGIN",
                $"GRANT {Id(world.Group)} TO {Id(world.App)}",
                $"GRANT {Id(world.AdminGroup)} TO {Id(world.App)} WITH ADMIN OPTION",
                $"ALTER ROLE {Id(world.App)} SET search_path = '$user', public, 'Odd \"schema\"'",
                $"ALTER ROLE {Id(world.App)} SET statement_timeout = '5min'",
                $"ALTER ROLE {Id(world.App)} SET app.note = E'it''s a \\\\ here'",
                $"ALTER ROLE {Id(world.App)} IN DATABASE {Id(database)} SET work_mem = '8MB'",
                $"REVOKE CONNECT ON DATABASE {Id(database)} FROM PUBLIC",
                $"GRANT CONNECT ON DATABASE {Id(database)} TO {Id(world.App)}",
                $"GRANT CONNECT ON DATABASE {Id(database)} TO {Id(world.Admin)} WITH GRANT OPTION",
                $"CREATE SCHEMA {Id(world.Schema)} AUTHORIZATION {Id(world.App)}");
            return world;
        }

        public async Task<PostgreSqlCloneReport> CloneAsync(string clone, string password, PostgreSqlCredentials? asAdmin = null)
        {
            await using var admin = await PostgreSqlTestServer.Target().OpenAdminSessionAsync(Server.Endpoint(), asAdmin ?? AdminCredentials, Token);
            return await admin.CloneRoleAsync(App, clone, password, Token);
        }

        public async Task<PostgreSqlRole?> AttributesAsync(string role)
        {
            await using var admin = await PostgreSqlTestServer.Target().OpenAdminSessionAsync(Server.Endpoint(), AdminCredentials, Token);
            return await admin.GetRoleAsync(role, Token);
        }

        public async Task<IReadOnlyList<string?>> MembershipsAsync(string role) =>
            await Server.StringsAsync(
                "SELECT r.rolname || ':' || CASE WHEN m.admin_option THEN 'True' ELSE 'False' END FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                + "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = $1)",
                role);

        /// <summary>Every stored setting as <c>database:name=value</c>.</summary>
        public async Task<IReadOnlyList<string?>> SettingsAsync(string role) =>
            await Server.StringsAsync(
                "SELECT coalesce(d.datname::text, '') || ':' || c.entry FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase, "
                + "unnest(s.setconfig) AS c(entry) WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1)",
                role);

        /// <summary><c>session_user as current_user</c> of a fresh login.</summary>
        public async Task<string> SessionUsersAsync(string role, string password)
        {
            await using var session = await PostgreSqlSession.OpenAsync(Server.Endpoint(), new PostgreSqlCredentials(role, password), Token);
            return await session.ScalarAsync("test", "SELECT session_user::text || ' as ' || current_user::text", [], r => r.GetString(0), Token);
        }

        public ValueTask DisposeAsync() => Roles.DisposeAsync();
    }
}
