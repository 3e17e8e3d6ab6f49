namespace Rotator.Rotation.Aws.Clients;

/// <summary>
/// Which clients a resource shares: region, role and the role's session tags (the resource's namespace and name).
/// Without a role the tags are left out, so every resource of a region shares the operator's own clients.
/// </summary>
internal readonly record struct AwsClientKey(string? Region, string? RoleArn, string Namespace, string Name)
{
    /// <param name="scope">The resource's scope.</param>
    /// <param name="defaultRegion">The operator's region, for a scope that names none.</param>
    public static AwsClientKey Of(AwsScope scope, string? defaultRegion)
    {
        var region = scope.Region ?? defaultRegion;
        return scope.RoleArn is null ? new(region, null, "", "") : new(region, scope.RoleArn, scope.Namespace, scope.Name);
    }

    /// <summary>Whether these clients assumed a role for the resource <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public bool AssumedFor(string ns, string name) => RoleArn is not null && Namespace == ns && Name == name;
}
