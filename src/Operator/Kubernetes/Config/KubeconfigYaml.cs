using YamlDotNet.RepresentationModel;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// Typed reads from a kubeconfig's YAML tree. Every error says where (file and entry) and which field,
/// and never quotes a value: the value may be a token.
/// </summary>
internal static class KubeconfigYaml
{
    public static YamlMappingNode? Mapping(YamlMappingNode parent, string key, string where) => Child(parent, key) switch
    {
        null => null,
        YamlMappingNode mapping => mapping,
        _ => throw Invalid(where, key, "a mapping"),
    };

    public static YamlSequenceNode? Sequence(YamlMappingNode parent, string key, string where) => Child(parent, key) switch
    {
        null => null,
        YamlSequenceNode sequence => sequence,
        _ => throw Invalid(where, key, "a list"),
    };

    /// <summary>The scalar, or null when absent, null or empty (kubectl treats all three as unset).</summary>
    public static string? String(YamlMappingNode parent, string key, string where) => Child(parent, key) switch
    {
        null => null,
        YamlScalarNode { Value: { Length: > 0 } value } => value,
        YamlScalarNode => null,
        _ => throw Invalid(where, key, "a string"),
    };

    public static bool Bool(YamlMappingNode parent, string key, string where)
    {
        var value = String(parent, key, where);
        if (value is null)
        {
            return false;
        }

        // YAML 1.1 booleans, as Go's yaml decoder reads kubeconfig files.
        return value.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "ON" or "Y" => true,
            "FALSE" or "NO" or "OFF" or "N" => false,
            _ => throw Invalid(where, key, "true or false"),
        };
    }

    public static string StringItem(YamlNode node, string where, string key) => node switch
    {
        YamlScalarNode { Value: { } value } => value,
        _ => throw Invalid(where, key, "a list of strings"),
    };

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static YamlNode? Child(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && !IsNull(node) ? node : null;

    private static KubernetesConfigurationException Invalid(string where, string key, string expected) =>
        new($"{where}: '{key}' must be {expected}");
}
