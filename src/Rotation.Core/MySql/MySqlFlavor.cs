namespace Rotator.Rotation.MySql;

/// <summary>Which server family speaks the MySQL protocol at the other end.</summary>
public enum MySqlFlavor
{
    MySql,
    MariaDb,
}
