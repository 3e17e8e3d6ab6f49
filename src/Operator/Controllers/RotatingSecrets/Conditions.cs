using Rotator.Api;


namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// metav1.Condition bookkeeping: one entry per type, and <c>lastTransitionTime</c> moves only when the
/// status flips, so rewriting the same condition produces the same status (and therefore no write).
/// </summary>
public static class Conditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>metav1.Condition's limit on <c>message</c>, in characters.</summary>
    public const int MaxMessageLength = 32768;

    private const string Ellipsis = "...";

    /// <summary>The list with <paramref name="type"/> set; order of the other conditions is kept.</summary>
    public static IReadOnlyList<Condition> Set(
        IReadOnlyList<Condition>? conditions, string type, string status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var list = conditions?.ToList() ?? [];
        var index = list.FindIndex(c => c.Type == type);
        var previous = index >= 0 ? list[index] : null;
        var updated = new Condition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = Fit(message),
            ObservedGeneration = generation,
            LastTransitionTime = previous is not null && previous.Status == status ? previous.LastTransitionTime : Truncate(now),
        };
        if (index >= 0)
        {
            list[index] = updated;
        }
        else
        {
            list.Add(updated);
        }

        return list;
    }

    /// <summary>The condition of <paramref name="type"/>, if set.</summary>
    public static Condition? Find(IReadOnlyList<Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// Messages carry error text from AWS, databases and directories, which can be a whole HTML error
    /// page; a status that grows with it costs every watcher, and Kubernetes' own conditions refuse more.
    /// </summary>
    private static string Fit(string message)
    {
        if (message.Length <= MaxMessageLength)
        {
            return message;
        }

        // The API server counts code points; UTF-16 units are never fewer, so this length is safe. Half a
        // surrogate pair is not valid UTF-8, which would make the whole status write fail.
        var cut = MaxMessageLength - Ellipsis.Length;
        if (char.IsHighSurrogate(message[cut - 1]))
        {
            cut--;
        }

        return message[..cut] + Ellipsis;
    }

    /// <summary>
    /// The instant in UTC, to the second: Kubernetes stores times to the second, and comparing with
    /// sub-second values would always differ. UtcTicks, not Ticks: Ticks is the clock time at the value's
    /// own offset, which labelled as UTC would be a different instant.
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
