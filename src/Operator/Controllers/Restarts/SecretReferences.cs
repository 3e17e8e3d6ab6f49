using System.Text.Json;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Finds the Secrets a pod spec reads: env <c>valueFrom.secretKeyRef</c>, <c>envFrom.secretRef</c>,
/// <c>volumes[].secret</c> and <c>volumes[].projected.sources[].secret</c>, in containers, init
/// containers and ephemeral containers. Used to discover consumers to restart.
/// </summary>
public static class SecretReferences
{
    public static IReadOnlySet<string> In(JsonElement? podSpec)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (podSpec is not { ValueKind: JsonValueKind.Object } spec)
        {
            return names;
        }

        foreach (var list in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            foreach (var container in Items(spec, list))
            {
                foreach (var env in Items(container, "env"))
                {
                    Add(names, env, "valueFrom", "secretKeyRef", "name");
                }

                foreach (var envFrom in Items(container, "envFrom"))
                {
                    Add(names, envFrom, "secretRef", "name");
                }
            }
        }

        foreach (var volume in Items(spec, "volumes"))
        {
            Add(names, volume, "secret", "secretName");
            if (volume.TryGetProperty("projected", out var projected))
            {
                foreach (var source in Items(projected, "sources"))
                {
                    Add(names, source, "secret", "name");
                }
            }
        }

        return names;
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : default;

    private static void Add(HashSet<string> names, JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return;
            }
        }

        if (current.ValueKind == JsonValueKind.String && current.GetString() is { Length: > 0 } name)
        {
            names.Add(name);
        }
    }
}
