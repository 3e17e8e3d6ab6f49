using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

namespace Rotator.Kubernetes;

/// <summary>
/// Reads one kubeconfig file into the library's own model (<see cref="K8SConfiguration"/>), which the library
/// then builds a client configuration from. Why not the library's <c>LoadKubeConfig</c>: it parses through
/// <c>KubernetesYaml</c>, whose static initialiser loads every type of the library (about a thousand models) to
/// map their kinds, so reading a 2 KiB file costs the process about 30 MiB of resident memory for as long as it
/// runs (measured with KubernetesClient 21.0.8: 28 → 87 MiB against 31 → 60 MiB here, the client built
/// included). The model's <c>YamlMember</c> aliases carry every kubeconfig field name, so a plain deserializer
/// reads the same object; <c>KubeconfigFileTests</c> compares the two.
/// </summary>
internal static class KubeconfigFile
{
    // Unknown fields are kubectl's to add; a reader that refused them would break on the next kubectl release.
    // Untyped values (preferences, extensions) read as the library reads them: an unquoted true is a bool.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .IgnoreUnmatchedProperties()
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    public static K8SConfiguration Read(string path)
    {
        var full = Path.GetFullPath(path);
        var config = Deserializer.Deserialize<K8SConfiguration?>(File.ReadAllText(full)) ?? new K8SConfiguration();

        // As the library does: relative certificate, key and exec paths resolve against the file's folder.
        config.FileName = full;
        return config;
    }
}
