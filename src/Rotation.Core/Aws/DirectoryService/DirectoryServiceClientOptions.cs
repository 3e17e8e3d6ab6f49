namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Where <see cref="DirectoryServiceClient"/> sends its calls.</summary>
/// <param name="Region">The directory's region; also the SigV4 signing region.</param>
public sealed record DirectoryServiceClientOptions(string Region)
{
    /// <summary>
    /// Service endpoint; the regional public endpoint unless overridden (VPC endpoint, test stand-in). Derived from the
    /// region given to the constructor: a <c>with { Region = ... }</c> copy keeps the old endpoint.
    /// </summary>
    public Uri Endpoint { get; init; } = new(Region.StartsWith("cn-", StringComparison.Ordinal)
        ? $"https://ds.{Region}.amazonaws.com.cn/"
        : $"https://ds.{Region}.amazonaws.com/");
}
