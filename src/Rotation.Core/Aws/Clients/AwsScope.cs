namespace Rotator.Rotation.Aws.Clients;

/// <summary>Whose AWS identity and which region a resource's calls use.</summary>
/// <param name="Region">The resource's region; null = the operator's.</param>
/// <param name="RoleArn">The role the resource's calls assume; null = the operator's own identity.</param>
/// <param name="Namespace">The resource's namespace, sent as a session tag when a role is assumed.</param>
/// <param name="Name">The resource's name, sent as a session tag when a role is assumed.</param>
public sealed record AwsScope(string? Region, string? RoleArn, string Namespace, string Name);
