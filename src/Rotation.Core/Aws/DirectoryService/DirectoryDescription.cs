namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>What a rotation needs to know about a directory to reach it over LDAP.</summary>
/// <param name="DirectoryId">e.g. <c>d-1234567890</c>.</param>
/// <param name="Name">Fully qualified DNS name, e.g. <c>corp.example.com</c>.</param>
/// <param name="ShortName">NetBIOS name, e.g. <c>CORP</c>, when the directory has one.</param>
/// <param name="DnsIpAddrs">The domain controllers' IP addresses (also its DNS servers).</param>
/// <param name="Type"><c>MicrosoftAD</c>, <c>SimpleAD</c>, <c>ADConnector</c> or <c>SharedMicrosoftAD</c>.</param>
/// <param name="Stage">Lifecycle stage; <c>Active</c> when usable.</param>
public sealed record DirectoryDescription(
    string DirectoryId,
    string Name,
    string? ShortName,
    IReadOnlyList<string> DnsIpAddrs,
    string Type,
    string Stage);
