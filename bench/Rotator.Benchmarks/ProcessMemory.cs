using System.Globalization;
using System.Runtime;

namespace Rotator.Benchmarks;

/// <summary>
/// Resident memory from <c>/proc/&lt;pid&gt;/status</c> (Linux): this process's (falling back to
/// <see cref="Environment.WorkingSet"/> elsewhere), or a child's.
/// </summary>
public static class ProcessMemory
{
    private const string Self = "self";

    /// <summary>Resident set size now (VmRSS).</summary>
    public static long Rss() => Read(Self, "VmRSS:") ?? Environment.WorkingSet;

    /// <summary>Peak resident set size (VmHWM) since the process started or since <see cref="TryResetPeak"/>.</summary>
    public static long PeakRss() => Read(Self, "VmHWM:") ?? Environment.WorkingSet;

    /// <summary>Resident set size of process <paramref name="pid"/> now (VmRSS); null when it is gone or not on Linux.</summary>
    public static long? Rss(int pid) => Read(pid.ToString(CultureInfo.InvariantCulture), "VmRSS:");

    /// <summary>Peak resident set size of process <paramref name="pid"/> (VmHWM) since it started; null when it is gone or not on Linux.</summary>
    public static long? PeakRss(int pid) => Read(pid.ToString(CultureInfo.InvariantCulture), "VmHWM:");

    /// <summary>
    /// Starts VmHWM again from the current RSS (writing 5 to <c>/proc/self/clear_refs</c>, Linux 4.0+),
    /// so the peak of the measured phase is not the peak of the loading phase before it.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The managed heap after full, compacting collections (finalizers run in between): what the live
    /// objects hold, without the garbage a sample at a random moment would include.
    /// </summary>
    public static long SettledManagedHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long? Read(string process, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or the process is gone (FileNotFound and DirectoryNotFound are IOExceptions).
        }

        return null;
    }
}
