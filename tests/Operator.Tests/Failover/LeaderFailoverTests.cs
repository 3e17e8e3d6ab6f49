using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Rotator.Api;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// Issue 8: two real operator processes; the leader is SIGKILLed every few seconds (and started again),
/// the API server restarts once and etcd is compacted, while every resource keeps asking for rotations.
/// Judged from what reached moto: no two rotations of one secret were ever open at once, every
/// requested rotation happened exactly once and ended with its version AWSCURRENT, and everything
/// converges (Ready, Secret = AWSCURRENT). Smoke size in CI; <see cref="FailoverScale.Variable"/> for the full size.
/// </summary>
[Collection(nameof(FailoverKubeCollection))]
public sealed class LeaderFailoverTests(FailoverKube cluster, TestbedFixture testbed)
{
    [Fact]
    public async Task Leader_killed_repeatedly_with_an_api_server_restart_and_compaction_loses_and_doubles_no_rotation()
    {
        var ct = TestContext.Current.CancellationToken;
        var scale = FailoverScale.FromEnvironment();
        var clock = Stopwatch.StartNew();
        await using var bed = await FailoverBed.CreateAsync(cluster.Kube, testbed.Moto, "failover", ct);
        var names = Enumerable.Range(0, scale.Resources).Select(i => $"rv-{i}").ToList();
        var secretIds = new Dictionary<string, string>();
        foreach (var name in names)
        {
            secretIds[name] = await bed.CreateRandomValueAsync(name, ct);
        }

        var initialVersions = new Dictionary<string, string>();
        foreach (var (name, id) in secretIds)
        {
            initialVersions[name] = (await bed.Aws.GetSecretValueAsync(id, SecretVersionSelector.Current, ct)).VersionId;
        }

        OperatorProcess Start(string pod) => bed.StartOperator(pod, [.. scale.ElectionArguments]);
        Start("replica-a");
        Start("replica-b");
        // From the first start on: on a loaded machine a replica may give up at start (no API answer within 30 s).
        var supervisor = new ReplicaSupervisor(bed, Start);
        using var stopSupervising = new CancellationTokenSource();
        var supervising = supervisor.RunAsync(stopSupervising.Token, ct);
        await WaitConvergedAsync(bed, names, TimeSpan.FromSeconds(90), "initial mirror", ct);

        var requester = new RotationRequester(bed, names, TimeSpan.FromSeconds(2));
        var pending = new PendingWatcher(bed.Aws, [.. secretIds.Values]);
        var killer = new LeaderKiller(bed);
        using var stopLoad = new CancellationTokenSource();
        var load = Task.WhenAll(requester.RunAsync(stopLoad.Token, ct), pending.RunAsync(stopLoad.Token, ct));
        var chaos = await ChaosAsync(scale, killer, ct);
        await stopLoad.CancelAsync();
        await load;

        await WaitConvergedAsync(bed, names, TimeSpan.FromSeconds(120), "after the last kill", ct, requester);
        await stopSupervising.CancelAsync();
        await supervising;

        var spans = RotationLedger.Spans(bed.Recorder.Calls);
        // The numbers first, so that a failing run still reports them.
        var gaps = killer.Kills.Where(k => k.Gap is not null).Select(k => k.Gap!.Value.TotalSeconds).DefaultIfEmpty(double.NaN).Order().ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failover: {scale.Resources} resources, {scale.Duration.TotalSeconds:0} s, kill every {scale.KillEvery.TotalSeconds:0} s, lease {(scale.ElectionArguments.Count == 0 ? "default (15 s)" : string.Join(' ', scale.ElectionArguments))}: " +
            $"{spans.Count} rotations ({requester.Requested.Values.Sum()} requested), {killer.Kills.Count} kills ({killer.Kills.Count(k => k.Gap is null)} without a new leader within 60 s), {supervisor.ExitedByThemselves.Count} start-up exits, " +
            $"failover gap min/median/max {gaps[0]:0.0}/{gaps[gaps.Count / 2]:0.0}/{gaps[^1]:0.0} s, " +
            $"max concurrent rotations per secret {spans.GroupBy(s => s.SecretId).Max(RotationLedger.MaxConcurrent)}, max AWSPENDING seen {pending.MaxPending} ({pending.Polls} polls), " +
            $"API server restart: stop+compact {chaos.Stop.TotalSeconds:0.0} s, start {chaos.Start.TotalSeconds:0.0} s; total {clock.Elapsed.TotalSeconds:0} s"));
        foreach (var name in names)
        {
            var id = secretIds[name];
            var mine = spans.Where(s => s.SecretId == id).ToList();
            RotationLedger.MaxConcurrent(mine).Should().Be(1, $"{name}: rotations of one secret never overlap (as moto saw them)");
            mine.Should().OnlyContain(s => s.BecameCurrent, $"{name}: every version the operator created became AWSCURRENT (none lost or abandoned)");
            mine.Should().HaveCount(requester.Requested[name], $"{name}: each of the {requester.Requested[name]} requests is exactly one rotation");

            var versions = (await bed.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(id) { IncludeDeprecated = true }, ct)).Versions.Select(v => v.VersionId);
            versions.Except([initialVersions[name]]).Should().BeEquivalentTo(mine.Select(s => s.VersionId), $"{name}: moto holds exactly the versions of the recorded rotations");

            var status = (await bed.RotatingSecrets.GetAsync(bed.Namespace, name, ct))!.Status!;
            status.History.Should().OnlyContain(h => h.Result == HistoryResult.Succeeded, $"{name}: no attempt failed or was rolled back");
            status.History!.Select(h => h.VersionId).Should().BeSubsetOf(mine.Select(s => s.VersionId), $"{name}: the status reports the rotations moto saw");
        }

        pending.MaxPending.Should().BeLessThanOrEqualTo(1, "never more than one AWSPENDING version of a secret");
        killer.Kills.Should().HaveCount((int)(scale.Duration / scale.KillEvery) - 1, "the leader was found and killed on every tick but the API server's restart");
        killer.Kills.Should().OnlyContain(k => k.Gap != null, "a new leader took over after every kill:\n" + bed.Logs());
        // The only exit allowed besides SIGKILL: a replica started while the API server was down stops at once
        // with exit code 1 (by design, so that Kubernetes restarts it); a running replica never gives up.
        supervisor.ExitedByThemselves.Should().NotContain(
            p => p.ExitCode != 1 || !p.Logged("Rotator cannot go on: cannot use the Kubernetes API server"),
            "no replica died by itself, except at start while the API server was down:\n" + bed.Logs());
        bed.Processes.Where(p => !p.HasExited).Should().HaveCount(2, "both replicas run at the end");

    }

    /// <summary>
    /// One tick per <see cref="FailoverScale.KillEvery"/>: kill the leader; at a third of the ticks also compact
    /// etcd under load; at two thirds restart the API server instead (stop, compact, start), so its outage
    /// never blurs a failover gap. Returns how long the API server took to stop and to start.
    /// </summary>
    private async Task<(TimeSpan Stop, TimeSpan Start)> ChaosAsync(FailoverScale scale, LeaderKiller killer, CancellationToken ct)
    {
        var ticks = (int)(scale.Duration / scale.KillEvery);
        (TimeSpan Stop, TimeSpan Start) restart = default;
        for (var tick = 1; tick <= ticks; tick++)
        {
            await Task.Delay(scale.KillEvery, ct);
            if (tick == ticks / 3)
            {
                await cluster.CompactAsync();
            }

            if (tick == 2 * ticks / 3)
            {
                var stopping = Stopwatch.StartNew();
                await cluster.StopAsync("apiserver");
                await cluster.CompactAsync();
                restart.Stop = stopping.Elapsed;
                var starting = Stopwatch.StartNew();
                await cluster.StartAsync("apiserver");
                restart.Start = starting.Elapsed;
                continue;
            }

            await killer.KillLeaderAsync(ct);
        }

        return restart;
    }

    private static async Task WaitConvergedAsync(FailoverBed bed, IReadOnlyList<string> names, TimeSpan within, string what, CancellationToken ct, RotationRequester? requester = null)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        var divergence = new List<string>();
        while (true)
        {
            divergence.Clear();
            try
            {
                foreach (var name in names)
                {
                    if (await bed.DivergenceAsync(name, ct) is { } problem)
                    {
                        divergence.Add(problem);
                    }
                    else if (requester is not null && requester.Requested[name] > 0
                        && (await bed.RotatingSecrets.GetAsync(bed.Namespace, name, ct))!.Status!.HandledRotateNow != RotationRequester.Value(requester.Requested[name]))
                    {
                        divergence.Add($"{name}: request {RotationRequester.Value(requester.Requested[name])} not acted on");
                    }
                }
            }
            catch (Exception e) when (ApiOutage.Is(e, ct))
            {
                divergence.Add($"the API server did not answer: {e.Message}");
            }

            if (divergence.Count == 0)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not converged within {within}:\n{string.Join('\n', divergence)}\n{bed.Logs()}");
            }

            await Task.Delay(500, ct);
        }
    }
}
