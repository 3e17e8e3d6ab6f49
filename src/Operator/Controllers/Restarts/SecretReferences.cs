using k8s.Models;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Finds the Secrets a pod spec reads: env <c>valueFrom.secretKeyRef</c>, <c>envFrom.secretRef</c>,
/// <c>volumes[].secret</c> and <c>volumes[].projected.sources[].secret</c>, in containers, init
/// containers and ephemeral containers. Used to discover consumers to restart.
/// </summary>
public static class SecretReferences
{
    public static IReadOnlySet<string> In(V1PodSpec? podSpec)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (podSpec is null)
        {
            return names;
        }

        var env = (podSpec.Containers ?? []).SelectMany(c => c.Env ?? [])
            .Concat((podSpec.InitContainers ?? []).SelectMany(c => c.Env ?? []))
            .Concat((podSpec.EphemeralContainers ?? []).SelectMany(c => c.Env ?? []));
        var envFrom = (podSpec.Containers ?? []).SelectMany(c => c.EnvFrom ?? [])
            .Concat((podSpec.InitContainers ?? []).SelectMany(c => c.EnvFrom ?? []))
            .Concat((podSpec.EphemeralContainers ?? []).SelectMany(c => c.EnvFrom ?? []));
        var volumes = podSpec.Volumes ?? [];
        var found = env.Select(e => e.ValueFrom?.SecretKeyRef?.Name)
            .Concat(envFrom.Select(e => e.SecretRef?.Name))
            .Concat(volumes.Select(v => v.Secret?.SecretName))
            .Concat(volumes.SelectMany(v => v.Projected?.Sources ?? []).Select(s => s.Secret?.Name));
        foreach (var name in found)
        {
            if (!string.IsNullOrEmpty(name))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
