using Microsoft.Extensions.DependencyInjection;
using k8s;
using k8s.Models;
using Rotator.Operator.Runtime.Events;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// Cuts a reconcile short at an exact point: the first event with the given reason throws, so the pass ends right
/// after the action that event announces (say, the Secret write) and before anything that follows it (restarts,
/// the status write), as a crash there would. The next pass starts from what was written, nothing else.
/// </summary>
internal sealed class FailOnceOnEvent(string reason)
{
    private readonly string reason = reason;
    private int fired;

    /// <summary>True once the event was cut short.</summary>
    public bool Fired => Volatile.Read(ref fired) == 1;

    /// <summary>Registers the hook in the operator's services (pass to <see cref="OperatorHarness.StartAsync"/>).</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton<IEventRecorder>(provider => new Recorder(provider.GetRequiredService<EventRecorder>(), this));

    private sealed class Recorder(IEventRecorder inner, FailOnceOnEvent hook) : IEventRecorder
    {
        public void Record(V1ObjectReference regarding, EventType type, string reason, string action, string note)
        {
            if (reason == hook.reason && Interlocked.Exchange(ref hook.fired, 1) == 0)
            {
                throw new InvalidOperationException($"test: the pass is cut short at the {reason} event");
            }

            inner.Record(regarding, type, reason, action, note);
        }
    }
}
