using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary><c>kubectl describe</c> shows the last 10 rotations newest first and one restart record per workload and version.</summary>
public sealed class StatusListsTests
{
    private const int HistoryLimit = 10;

    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void History_keeps_the_ten_newest_rotations_newest_first()
    {
        IReadOnlyList<RotationHistoryEntry>? history = null;
        for (var i = 1; i <= 12; i++)
        {
            history = StatusLists.Upsert(history, Finished($"v{i}", HistoryResult.Succeeded, T0.AddDays(i)), HistoryLimit);
        }

        history.Should().HaveCount(HistoryLimit);
        history!.Select(h => h.VersionId).Should().Equal(Enumerable.Range(3, 10).Reverse().Select(i => $"v{i}"));
    }

    [Fact]
    public void A_retried_rotation_has_one_entry_that_keeps_its_start_and_takes_the_latest_result()
    {
        var history = StatusLists.Upsert(null, Finished("v1", HistoryResult.Succeeded, T0), HistoryLimit);
        history = StatusLists.Upsert(history, Finished("v2", HistoryResult.Failed, T0.AddDays(1)) with { Username = "app_clone" }, HistoryLimit);

        var retried = StatusLists.Upsert(history, new RotationHistoryEntry
        {
            VersionId = "v2",
            StartedAt = T0.AddDays(1).AddMinutes(10),
            FinishedAt = T0.AddDays(1).AddMinutes(11),
            Result = HistoryResult.Succeeded,
        }, HistoryLimit);

        retried.Select(h => h.VersionId).Should().Equal("v2", "v1");
        retried[0].Result.Should().Be(HistoryResult.Succeeded);
        retried[0].StartedAt.Should().Be(T0.AddDays(1), "the rotation started at its first attempt");
        retried[0].FinishedAt.Should().Be(T0.AddDays(1).AddMinutes(11));
        retried[0].Username.Should().Be("app_clone", "an entry that does not know the user keeps the one recorded");
    }

    [Fact]
    public void Updating_an_older_entry_keeps_the_list_within_the_limit()
    {
        IReadOnlyList<RotationHistoryEntry>? history = null;
        for (var i = 1; i <= HistoryLimit; i++)
        {
            history = StatusLists.Upsert(history, Finished($"v{i}", HistoryResult.Failed, T0.AddDays(i)), HistoryLimit);
        }

        var updated = StatusLists.Upsert(history, Finished("v5", HistoryResult.RolledBack, T0.AddDays(20)), HistoryLimit);

        updated.Should().HaveCount(HistoryLimit);
        updated.Select(h => h.VersionId).Should().OnlyHaveUniqueItems().And.Contain("v1");
        updated[0].VersionId.Should().Be("v5");
    }

    [Fact]
    public void A_restart_goes_first_and_its_rollout_is_recorded_in_place()
    {
        var restarts = StatusLists.Upsert(null, Restart(WorkloadKind.Deployment, "api", "v2"), 20);
        restarts = StatusLists.Upsert(restarts, Restart(WorkloadKind.StatefulSet, "db", "v2"), 20);

        var rolledOut = StatusLists.Upsert(restarts, Restart(WorkloadKind.Deployment, "api", "v2") with { RolledOut = true }, 20);

        rolledOut.Select(r => $"{r.Name}:{r.RolledOut}").Should().Equal("db:False", "api:True");
    }

    [Fact]
    public void The_same_workload_restarted_for_a_new_version_gets_a_new_record()
    {
        var restarts = StatusLists.Upsert(null, Restart(WorkloadKind.Deployment, "api", "v2"), 20);

        var next = StatusLists.Upsert(restarts, Restart(WorkloadKind.Deployment, "api", "v3"), 20);

        next.Select(r => r.VersionId).Should().Equal("v3", "v2");
    }

    [Fact]
    public void Workloads_of_different_kinds_with_the_same_name_are_different_records()
    {
        var restarts = StatusLists.Upsert(null, Restart(WorkloadKind.Deployment, "api", "v2"), 20);

        var both = StatusLists.Upsert(restarts, Restart(WorkloadKind.DaemonSet, "api", "v2"), 20);

        both.Should().HaveCount(2);
    }

    [Fact]
    public void Restart_records_are_capped_keeping_the_newest()
    {
        IReadOnlyList<RestartRecord>? restarts = null;
        for (var i = 1; i <= 5; i++)
        {
            restarts = StatusLists.Upsert(restarts, Restart(WorkloadKind.Deployment, $"w{i}", "v2"), 3);
        }

        restarts!.Select(r => r.Name).Should().Equal("w5", "w4", "w3");
    }

    [Fact]
    public void Only_restarts_of_the_current_version_not_yet_rolled_out_are_awaited()
    {
        IReadOnlyList<RestartRecord> restarts =
        [
            Restart(WorkloadKind.Deployment, "api", "v3"),
            Restart(WorkloadKind.StatefulSet, "db", "v3") with { RolledOut = true },
            Restart(WorkloadKind.DaemonSet, "agent", "v3") with { RolledOut = null },
            Restart(WorkloadKind.Deployment, "old", "v2"),
        ];

        StatusLists.Awaiting(restarts, "v3").Select(r => r.Name).Should().Equal("api");
        StatusLists.Awaiting(restarts, null).Should().BeEmpty();
        StatusLists.Awaiting(null, "v3").Should().BeEmpty();
    }

    [Fact]
    public void Names_lists_kind_and_name_for_messages()
    {
        StatusLists.Names([Restart(WorkloadKind.Deployment, "api", "v2"), Restart(WorkloadKind.StatefulSet, "db", "v2")])
            .Should().Be("Deployment/api, StatefulSet/db");
    }

    private static RotationHistoryEntry Finished(string versionId, HistoryResult result, DateTimeOffset startedAt) =>
        new() { VersionId = versionId, StartedAt = startedAt, FinishedAt = startedAt.AddMinutes(1), Result = result };

    private static RestartRecord Restart(WorkloadKind kind, string name, string versionId) =>
        new() { Kind = kind, Name = name, VersionId = versionId, RestartedAt = T0, RolledOut = false };
}
