namespace Rotator.KubectlPlugin;

/// <summary>The -o/--output choices.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
