using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Hosting;

/// <summary>One controller with the informer that feeds it; <see cref="Queue"/> is disposed when the runtime stops.</summary>
public sealed record ControllerInstance(IInformer Informer, IController Controller, IDisposable Queue);
