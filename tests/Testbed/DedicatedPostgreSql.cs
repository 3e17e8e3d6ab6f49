namespace Rotator.Testbed;

/// <summary>A private PostgreSQL cluster for tests that stop it (fast shutdown: sessions are ended) and restart it.</summary>
public sealed class DedicatedPostgreSql() : DedicatedServer<PostgreSqlServer>("postgres", "dedicated PostgreSQL")
{
    protected override PostgreSqlServer? Select(TestbedEnvironment environment) => environment.PostgreSql;
}
