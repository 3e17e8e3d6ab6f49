using System.Globalization;
using System.Runtime;

namespace Rotator.Benchmarks;

/// <summary>The process's resident memory from <c>/proc/self/status</c> (Linux), else from <see cref="Environment.WorkingSet"/>.</summary>
public static class ProcessMemory
{
    private const string Status = "/proc/self/status";

    /// <summary>Resident set size now (VmRSS).</summary>
    public static long Rss() => Read("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>Peak resident set size (VmHWM) since the process started or since <see cref="TryResetPeak"/>.</summary>
    public static long PeakRss() => Read("VmHWM:") ?? Environment.WorkingSet;

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

    private static long? Read(string field)
    {
        if (!File.Exists(Status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
