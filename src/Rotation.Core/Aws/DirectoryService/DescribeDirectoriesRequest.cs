namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Body of <c>DescribeDirectories</c>; no <c>DirectoryIds</c> means every directory.</summary>
internal sealed record DescribeDirectoriesRequest(IReadOnlyList<string>? DirectoryIds, string? NextToken);
