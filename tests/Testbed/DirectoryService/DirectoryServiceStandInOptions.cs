namespace Rotator.Testbed.DirectoryService;

/// <summary>The identity and limits of a <see cref="DirectoryServiceStandIn"/>.</summary>
public sealed record DirectoryServiceStandInOptions
{
    /// <summary>The only region a request's credential scope may name.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The only access key the stand-in knows.</summary>
    public string AccessKeyId { get; init; } = "AKIDSTANDIN000000000";

    /// <summary>The secret key signatures are checked with.</summary>
    public string SecretAccessKey { get; init; } = "stand-in-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>Most directories per <c>DescribeDirectories</c> page.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>How far a request's <c>X-Amz-Date</c> may be from the stand-in's clock.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
