using System.Text.Json.Serialization;

namespace Rotator.KubectlPlugin;

/// <summary>Source-generated JSON for the few plain values the plugin writes itself.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class PluginJsonContext : JsonSerializerContext;
