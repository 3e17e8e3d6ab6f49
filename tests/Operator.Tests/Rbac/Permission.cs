using Rotator.Operator.Tests.Chart;
using Rotator.Operator.Tests.Failover;

namespace Rotator.Operator.Tests.Rbac;

/// <summary>One verb on one resource of one API group, as RBAC grants it and the audit log records its use.</summary>
/// <param name="Group">The API group, "" for the core group.</param>
/// <param name="Resource">The resource, with its subresource when there is one (<c>rotatingsecrets/status</c>).</param>
/// <param name="Verb">get, list, watch, create, update, patch, delete.</param>
internal sealed record Permission(string Group, string Resource, string Verb)
{
    public static Permission Of(AuditedRequest request) =>
        new(request.Group, request.Subresource is { } sub ? $"{request.Resource}/{sub}" : request.Resource, request.Verb);

    /// <summary>Every verb on every resource the rendered Roles and ClusterRoles grant.</summary>
    public static IReadOnlySet<Permission> GrantedBy(Rendering rendering)
    {
        var granted = new HashSet<Permission>();
        foreach (var role in rendering.Manifests.Where(m => m.Kind is "Role" or "ClusterRole"))
        {
            foreach (var rule in role.Object["rules"]!.AsArray())
            {
                if (rule!["resourceNames"] is not null)
                {
                    throw new InvalidOperationException($"{role.Kind} {role.Name} narrows a rule to resourceNames; compare them too before relying on this test");
                }

                foreach (var group in rule["apiGroups"]!.AsArray())
                {
                    foreach (var resource in rule["resources"]!.AsArray())
                    {
                        foreach (var verb in rule["verbs"]!.AsArray())
                        {
                            granted.Add(new Permission((string)group!, (string)resource!, (string)verb!));
                        }
                    }
                }
            }
        }

        return granted;
    }

    public override string ToString() => $"{Verb} {(Group.Length == 0 ? "" : Group + "/")}{Resource}";
}
