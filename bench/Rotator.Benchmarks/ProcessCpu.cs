using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>CPU time of another process, from <c>/proc/&lt;pid&gt;/stat</c> (Linux).</summary>
public static class ProcessCpu
{
    // USER_HZ, the unit of utime and stime: 100 on every Linux architecture .NET runs on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    /// <summary>User plus system time of process <paramref name="pid"/> (its threads, not its children); null when it is gone or not on Linux.</summary>
    public static TimeSpan? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(stat);
    }

    /// <summary>
    /// utime + stime of one <c>stat</c> line. The command name (field 2) is in parentheses and may hold
    /// spaces, so fields are counted after its closing parenthesis: state is field 3, utime 14, stime 15.
    /// </summary>
    public static TimeSpan? Parse(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (close < 0 || fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
    }
}
