namespace Rotator.Rotation.Schedules;

/// <summary>The values one numeric cron field allows, with the searches the occurrence walk needs.</summary>
internal sealed class CronField
{
    private readonly bool[] allowed;

    public CronField(int min, int max, IEnumerable<int> values)
    {
        Min = min;
        Max = max;
        allowed = new bool[max - min + 1];
        foreach (var value in values)
        {
            allowed[value - min] = true;
        }
    }

    public int Min { get; }

    public int Max { get; }

    public bool Contains(int value) => value >= Min && value <= Max && allowed[value - Min];

    /// <summary>The smallest allowed value &gt;= <paramref name="value"/>, or null.</summary>
    public int? NextAtOrAfter(int value)
    {
        for (var v = Math.Max(value, Min); v <= Max; v++)
        {
            if (allowed[v - Min])
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>The largest allowed value &lt;= <paramref name="value"/>, or null.</summary>
    public int? PreviousAtOrBefore(int value)
    {
        for (var v = Math.Min(value, Max); v >= Min; v--)
        {
            if (allowed[v - Min])
            {
                return v;
            }
        }

        return null;
    }
}
