namespace Rotator.Benchmarks;

/// <summary>Memory of the operator's process at one moment; sizes in bytes.</summary>
/// <param name="Rss">Resident set (VmRSS).</param>
/// <param name="ManagedHeap">Managed heap.</param>
public sealed record OperatorMemory(long Rss, long ManagedHeap);
