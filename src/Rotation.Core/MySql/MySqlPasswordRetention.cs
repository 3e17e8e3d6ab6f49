namespace Rotator.Rotation.MySql;

/// <summary>What happens to the password being replaced.</summary>
public enum MySqlPasswordRetention
{
    /// <summary>The old password stops working at once.</summary>
    Replace,

    /// <summary>
    /// The old password keeps working as a secondary password until it is discarded (MySQL 8.0.14+ dual passwords),
    /// so clients still holding it are not locked out mid-rotation.
    /// </summary>
    RetainCurrent,
}
