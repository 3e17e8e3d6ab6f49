namespace Rotator.Operator.Tests.Failover;

/// <summary>One SIGKILL of the leader: who, when, and how long until the Lease named another holder (null: none within the wait).</summary>
internal sealed record LeaderKill(string Identity, DateTimeOffset At, TimeSpan? Gap);
