namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Answer of <c>DescribeDirectories</c>: one page.</summary>
internal sealed record DescribeDirectoriesResponse(IReadOnlyList<DirectoryDescriptionDto>? DirectoryDescriptions, string? NextToken);
