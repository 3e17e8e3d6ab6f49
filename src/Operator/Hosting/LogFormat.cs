namespace Rotator.Operator.Hosting;

/// <summary>How log events are written to standard output.</summary>
public enum LogFormat
{
    /// <summary>One human-readable line per event (a developer's terminal).</summary>
    Plain,

    /// <summary>One JSON object per event with its properties (log collectors in a cluster).</summary>
    Json,
}
