namespace Rotator.Testbed;

/// <summary>A MySQL-protocol server of the test bed (MariaDB or MySQL) with TLS from the test bed's CA.</summary>
public sealed record MySqlServer(string Flavor, string Host, int Port, string AdminUser, string AdminPassword, string CaFile);
