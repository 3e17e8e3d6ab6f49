using System.Diagnostics;
using Rotator.Operator.Runtime.LeaderElection;

namespace Rotator.Operator.Tests.Runtime.LeaderElection;

/// <summary>One <see cref="LeaseElector"/> campaigning from the moment it is made, until killed.</summary>
internal sealed class Candidate : IAsyncDisposable
{
    private readonly CancellationTokenSource life;
    private readonly TermCounter terms;
    private readonly Task run;
    private long killedAt;
    private long leadingSince;

    public Candidate(LeaseElector elector, TermCounter terms, CancellationToken testCancellation)
    {
        Elector = elector;
        this.terms = terms;
        life = CancellationTokenSource.CreateLinkedTokenSource(testCancellation);
        run = elector.RunAsync(WhileLeadingAsync, life.Token);
    }

    public LeaseElector Elector { get; }

    /// <summary><see cref="Stopwatch"/> timestamp of the start of the current (or last) term.</summary>
    public long? LeadingSince => Interlocked.Read(ref leadingSince) is var since and not 0 ? since : null;

    /// <summary>Stops campaigning at once, like a process that died; returns when that happened (a <see cref="Stopwatch"/> timestamp).</summary>
    public async Task<long> KillAsync()
    {
        Interlocked.CompareExchange(ref killedAt, Stopwatch.GetTimestamp(), 0);
        await life.CancelAsync();
        await run;
        return Interlocked.Read(ref killedAt);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        life.Dispose();
    }

    private async Task WhileLeadingAsync(CancellationToken term)
    {
        terms.Enter();
        Interlocked.Exchange(ref leadingSince, Stopwatch.GetTimestamp());
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, term);
        }
        finally
        {
            terms.Exit();
        }
    }
}
