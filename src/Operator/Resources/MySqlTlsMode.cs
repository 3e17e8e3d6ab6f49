namespace Rotator.Operator.Resources;

/// <summary>TLS towards the database.</summary>
public enum MySqlTlsMode
{
    Disabled,
    Preferred,
    Required,
    VerifyCA,
    VerifyFull,
}
