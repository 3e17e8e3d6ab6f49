using FluentAssertions;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>A role changes its own password: as a SCRAM verifier, as MD5 where the session asks for it, never in clear.</summary>
public sealed class PostgreSqlOwnPasswordTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Changes_its_own_password_as_a_SCRAM_verifier_that_never_shows_in_the_log()
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var role = roles.Name("rt_own_");
        var old = $"old-{Guid.NewGuid():N}";
        var fresh = $"new-{Guid.NewGuid():N}";
        await server.CreateRoleAsync(role, old);

        var encoding = await PostgreSqlTestServer.Target().ChangeOwnPasswordAsync(server.Endpoint(), new PostgreSqlCredentials(role, old), fresh, PostgreSqlTestServer.Token);

        encoding.Should().Be(PostgreSqlPasswordEncoding.ScramSha256);
        (await server.StoredPasswordAsync(role)).Should().StartWith("SCRAM-SHA-256$4096:");
        (await server.CanLogInAsync(role, fresh)).Should().BeTrue();
        (await server.CanLogInAsync(role, old)).Should().BeFalse("PostgreSQL keeps one password per role");
        var log = await server.LogAsync();
        log.Should().Contain($"ALTER ROLE \"{role}\" PASSWORD 'SCRAM-SHA-256$", "the statement is logged, with the verifier");
        log.Should().NotContain(fresh).And.NotContain(old);
    }

    [Fact]
    public async Task Stores_an_MD5_verifier_where_the_session_asks_for_md5_and_says_so()
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var role = roles.Name("rt_md5_");
        var old = $"old-{Guid.NewGuid():N}";
        var fresh = $"new-{Guid.NewGuid():N}";
        await server.CreateRoleAsync(role, old);
        await server.ExecAsync(
            $"GRANT {PostgreSqlSyntax.Identifier(server.Md5Group)} TO {PostgreSqlSyntax.Identifier(role)}",
            $"ALTER ROLE {PostgreSqlSyntax.Identifier(role)} SET password_encryption = 'md5'");

        var encoding = await PostgreSqlTestServer.Target().ChangeOwnPasswordAsync(server.Endpoint(), new PostgreSqlCredentials(role, old), fresh, PostgreSqlTestServer.Token);

        encoding.Should().Be(PostgreSqlPasswordEncoding.Md5);
        (await server.StoredPasswordAsync(role)).Should().Be(PostgreSqlPasswordVerifier.Md5(fresh, role));
        (await server.CanLogInAsync(role, fresh)).Should().BeTrue("md5 authentication with the stored MD5 verifier");
        (await server.LogAsync()).Should().NotContain(fresh);
    }

    [Fact]
    public async Task A_role_whose_sessions_act_as_another_role_still_changes_its_own_password()
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var owner = roles.Name("rt_owner_");
        var role = roles.Name("rt_actor_");
        var old = $"old-{Guid.NewGuid():N}";
        var fresh = $"new-{Guid.NewGuid():N}";
        await server.CreateRoleAsync(owner, $"o-{Guid.NewGuid():N}");
        await server.CreateRoleAsync(role, old);
        await server.ExecAsync(
            $"GRANT {PostgreSqlSyntax.Identifier(owner)} TO {PostgreSqlSyntax.Identifier(role)}",
            $"ALTER ROLE {PostgreSqlSyntax.Identifier(role)} SET role = {PostgreSqlSyntax.Literal(owner)}");

        await PostgreSqlTestServer.Target().ChangeOwnPasswordAsync(server.Endpoint(), new PostgreSqlCredentials(role, old), fresh, PostgreSqlTestServer.Token);

        (await server.CanLogInAsync(role, fresh)).Should().BeTrue();
        (await server.CanLogInAsync(owner, fresh)).Should().BeFalse("the login role's password changed, not the role it acts as");
    }

    [Fact]
    public async Task A_password_check_refusal_is_password_rejected_and_changes_nothing()
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var role = roles.Name("rt_policy_");
        var old = $"old-{Guid.NewGuid():N}";
        await server.CreateRoleAsync(role, old);

        // passwordcheck refuses a verifier of the role's own name (all it can check of a verifier).
        await server.ExecAsync($"ALTER ROLE {PostgreSqlSyntax.Identifier(role)} SET session_preload_libraries = 'passwordcheck'");

        var change = () => PostgreSqlTestServer.Target().ChangeOwnPasswordAsync(server.Endpoint(), new PostgreSqlCredentials(role, old), role, PostgreSqlTestServer.Token);

        var error = (await change.Should().ThrowAsync<PostgreSqlTargetException>()).Which;
        error.Failure.Should().Be(PostgreSqlFailure.PasswordRejected, error.Message);
        error.Message.Should().Contain("password must not equal user name").And.NotContain("SCRAM-SHA-256$");
        (await server.CanLogInAsync(role, old)).Should().BeTrue();
    }
}
