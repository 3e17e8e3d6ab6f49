using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>
/// A cgroup v1 memory controller group with a limit, as a pod's memory limit is enforced: the kernel charges the
/// process's anonymous memory and the page cache it touches, reclaims what it can at the limit and OOM-kills
/// when it cannot; .NET reads the limit and sizes its heap from it. Needs root and the v1 memory controller
/// mounted writable at <c>/sys/fs/cgroup/memory</c> (the hierarchy this machine has; cgroup v2 would say
/// <c>memory.max</c>). Removed on dispose, once its process has exited.
/// </summary>
public sealed class MemoryCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup/memory";

    private MemoryCgroup(string path, long limit)
    {
        Path = path;
        Limit = limit;
    }

    public string Path { get; }

    public long Limit { get; }

    /// <summary>The file a process writes its pid to, to move itself in (before it allocates: the wrapper does it, then execs).</summary>
    public string Procs => System.IO.Path.Combine(Path, "cgroup.procs");

    public static MemoryCgroup Create(long limitBytes)
    {
        if (!File.Exists(System.IO.Path.Combine(Root, "memory.limit_in_bytes")))
        {
            throw new InvalidOperationException($"no cgroup v1 memory controller at {Root}: --memory-limit needs one (and root)");
        }

        var path = System.IO.Path.Combine(Root, $"rotator-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        var group = new MemoryCgroup(path, limitBytes);
        group.Write("memory.limit_in_bytes", limitBytes);

        // With swap, memory beyond the limit would be swapped instead of reclaimed or killed; a pod has none.
        if (File.Exists(System.IO.Path.Combine(path, "memory.memsw.limit_in_bytes")))
        {
            group.Write("memory.memsw.limit_in_bytes", limitBytes);
        }

        return group;
    }

    /// <summary>The most the group was ever charged (memory.max_usage_in_bytes), page cache included.</summary>
    public long MaxUsage => Read("memory.max_usage_in_bytes");

    /// <summary>How often the group hit its limit (memory.failcnt): reclaim ran; not an OOM kill by itself.</summary>
    public long Failcnt => Read("memory.failcnt");

    /// <summary>Processes the kernel OOM-killed in the group (memory.oom_control's oom_kill).</summary>
    public long OomKills => File.ReadLines(System.IO.Path.Combine(Path, "memory.oom_control"))
        .Select(l => l.Split(' '))
        .Where(p => p is ["oom_kill", _])
        .Select(p => long.Parse(p[1], CultureInfo.InvariantCulture))
        .FirstOrDefault();

    /// <summary>The group's charge by kind from memory.stat: rss (anonymous), cache (page cache), mapped_file.</summary>
    public IReadOnlyDictionary<string, long> Stat() => File.ReadLines(System.IO.Path.Combine(Path, "memory.stat"))
        .Select(l => l.Split(' '))
        .Where(p => p.Length == 2)
        .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>Starts the peak again, e.g. before a restarted process.</summary>
    public void ResetMaxUsage() => Write("memory.max_usage_in_bytes", 0);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // A process is still in it; the kernel keeps the group until it is empty and removed by hand.
        }
    }

    private long Read(string file) => long.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), CultureInfo.InvariantCulture);

    private void Write(string file, long value) => File.WriteAllText(System.IO.Path.Combine(Path, file), value.ToString(CultureInfo.InvariantCulture));
}
