namespace Rotator.KubectlPlugin;

/// <summary>Exit codes scripts can rely on (documented in --help and the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The resource is not Ready, the rotation waited for did not succeed, or an approval approved nothing.</summary>
    public const int NotReady = 1;

    public const int Usage = 2;

    public const int NotFound = 3;

    /// <summary>The API server could not be reached, refused our identity, or forbade the request.</summary>
    public const int Unreachable = 4;

    public const int Timeout = 5;

    public const string Help = "Exit codes: 0 ok; 1 not Ready, the waited rotation failed, or nothing was approved; 2 usage error; 3 not found; 4 API server unreachable or forbidden; 5 timeout.";
}
