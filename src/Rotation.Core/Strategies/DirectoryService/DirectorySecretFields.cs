namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// The names a directory admin secret uses for its three values. Two spellings exist: the plain one of AWS's Directory
/// Service rotation blog post, and the one EC2 seamless domain join reads. A rotation writes back in the secret's own.
/// </summary>
internal sealed record DirectorySecretFields(string DirectoryId, string UserName, string Password)
{
    public static DirectorySecretFields Plain { get; } = new("directoryId", "username", "password");

    public static DirectorySecretFields SeamlessDomain { get; } =
        new("awsSeamlessDomainDirectoryId", "awsSeamlessDomainUsername", "awsSeamlessDomainPassword");

    public bool IsUsedBy(System.Text.Json.Nodes.JsonObject secret) =>
        secret.ContainsKey(DirectoryId) || secret.ContainsKey(UserName) || secret.ContainsKey(Password);
}
