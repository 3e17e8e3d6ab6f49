namespace Rotator.Kubernetes;

/// <summary>Query of a watch call.</summary>
public sealed record WatchOptions
{
    /// <summary>Resume point: events after this version. Null = start from "now" (with synthetic ADDED for everything).</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Ask for BOOKMARK events so an idle watch still advances its resourceVersion.</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>Server-side end of the watch; the informer re-watches from the last version.</summary>
    public TimeSpan? Timeout { get; init; }
}
