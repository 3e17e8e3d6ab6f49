namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>
/// The fields of AWS's <c>DirectoryDescription</c> that we read. Everything is optional on the wire (a directory
/// being created has no DNS addresses yet), so this is kept apart from <see cref="DirectoryDescription"/>.
/// </summary>
internal sealed record DirectoryDescriptionDto(
    string? DirectoryId,
    string? Name,
    string? ShortName,
    IReadOnlyList<string>? DnsIpAddrs,
    string? Type,
    string? Stage);
