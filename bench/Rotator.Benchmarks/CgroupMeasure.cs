namespace Rotator.Benchmarks;

/// <summary>What the kernel says about the operator's memory cgroup at the end of the idle phase.</summary>
/// <param name="Limit">memory.limit_in_bytes.</param>
/// <param name="MaxUsage">The highest charge, page cache included.</param>
/// <param name="Failcnt">Times the limit was hit (reclaim ran).</param>
/// <param name="OomKills">Processes OOM-killed in the group.</param>
/// <param name="Alive">Whether the operator was still running.</param>
/// <param name="Anonymous">The charge now for anonymous memory (memory.stat rss).</param>
/// <param name="PageCache">The charge now for page cache (memory.stat cache), mapped files included.</param>
public sealed record CgroupMeasure(long Limit, long MaxUsage, long Failcnt, long OomKills, bool Alive, long Anonymous, long PageCache)
{
    public static CgroupMeasure Of(MemoryCgroup group, bool alive)
    {
        ArgumentNullException.ThrowIfNull(group);
        var stat = group.Stat();
        return new CgroupMeasure(group.Limit, group.MaxUsage, group.Failcnt, group.OomKills, alive, stat.GetValueOrDefault("rss"), stat.GetValueOrDefault("cache"));
    }
}
