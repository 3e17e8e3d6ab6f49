using System.Text.Json.Serialization.Metadata;
using k8s;

namespace Rotator.Kubernetes;

/// <summary>
/// How the library (de)serializes its models in this process. Its options resolve a type through the library's
/// source-generated context first and reflection second. That context answers through one generated method that
/// names every model type of the library, so the first (de)serialization compiles it and loads all of them:
/// about 3 MiB of resident memory and a fifth of a second of start-up on the idle operator (docs/performance.md).
/// The reflection resolver, which the library falls back to anyway, reads the same attributes and converters
/// and loads only the types Rotator uses.
/// </summary>
public static class LibraryJson
{
    // Lazy's default mode runs Apply once, whichever thread asks first.
    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>
    /// Applies the setting once, before the first (de)serialization; later it is left as it is.
    /// </summary>
    /// <returns>Whether the library resolves through reflection now.</returns>
    public static bool UseReflectionMetadata() => Applied.Value;

    private static bool Apply()
    {
        try
        {
            KubernetesJson.AddJsonOptions(options => options.TypeInfoResolver = new DefaultJsonTypeInfoResolver());
            return true;
        }
        catch (InvalidOperationException)
        {
            // Something serialized with the library's options already (they freeze on first use): the
            // source-generated context stays, which costs memory, not correctness.
            return false;
        }
    }
}
