using Rotator.Operator.Resources;

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
            Message = message,
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

    /// <summary>Kubernetes stores times to the second; comparing with sub-second values would always differ.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
