namespace Rotator.Testbed;

/// <summary>A private MariaDB for tests that stop it (SIGTERM, as an orderly shutdown would) and restart it.</summary>
public sealed class DedicatedMariaDb() : DedicatedServer<MySqlServer>("mariadb", "dedicated MariaDB")
{
    protected override MySqlServer? Select(TestbedEnvironment environment) => environment.MariaDb;
}
