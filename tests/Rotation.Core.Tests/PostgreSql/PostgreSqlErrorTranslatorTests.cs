using FluentAssertions;
using Npgsql;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>SQLSTATEs decide the failure kind; a password check's 22023 counts only for statements that set a password.</summary>
public sealed class PostgreSqlErrorTranslatorTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.InvalidPassword, false, PostgreSqlFailure.InvalidCredentials)]
    [InlineData(PostgresErrorCodes.InvalidAuthorizationSpecification, false, PostgreSqlFailure.InvalidCredentials)]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege, false, PostgreSqlFailure.AccessDenied)]
    [InlineData(PostgresErrorCodes.UndefinedObject, false, PostgreSqlFailure.RoleNotFound)]
    [InlineData(PostgresErrorCodes.InvalidCatalogName, false, PostgreSqlFailure.DatabaseNotFound)]
    [InlineData(PostgresErrorCodes.ReservedName, false, PostgreSqlFailure.InvalidName)]
    [InlineData(PostgresErrorCodes.InvalidParameterValue, true, PostgreSqlFailure.PasswordRejected)]
    [InlineData(PostgresErrorCodes.InvalidParameterValue, false, PostgreSqlFailure.Other)]
    [InlineData(PostgresErrorCodes.TooManyConnections, false, PostgreSqlFailure.Unreachable)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, false, PostgreSqlFailure.Unreachable)]
    [InlineData(PostgresErrorCodes.AdminShutdown, false, PostgreSqlFailure.Unreachable)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, false, PostgreSqlFailure.Unreachable)]
    [InlineData(PostgresErrorCodes.SyntaxError, true, PostgreSqlFailure.Other)]
    public void Classifies_by_SQLSTATE(string sqlState, bool setsPassword, PostgreSqlFailure expected) =>
        PostgreSqlErrorTranslator.Classify(sqlState, setsPassword).Should().Be(expected);

    [Fact]
    public void Scrubbing_removes_each_secret_and_its_quoted_form() =>
        PostgreSqlErrorTranslator.ScrubAll("near 'it''s' and it's and SCRAM-x", ["it's", "SCRAM-x"])
            .Should().Be("near '***' and *** and ***");
}
