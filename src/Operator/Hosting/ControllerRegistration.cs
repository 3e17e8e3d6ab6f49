using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Queues;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Hosting;

/// <summary>
/// A reconciler for one resource type, turned into an informer, a work queue and a controller per
/// watched namespace. With <see cref="OperatorOptions.Namespaces"/> set, each namespace gets its own
/// watch: the API server cannot watch a list of namespaces in one request, and the operator's RBAC
/// may allow only those namespaces.
/// </summary>
public sealed class ControllerRegistration<T>(
    ResourceType<T> type,
    Func<IServiceProvider, IReconciler<T>> reconcilerFactory,
    string? labelSelector = null) : IControllerRegistration
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public IReadOnlyList<ControllerInstance> Build(ControllerBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reconciler = reconcilerFactory(context.Services);

        // Optional: a registration built outside AddOperatorRuntime (tests, tools) runs unmeasured.
        var metrics = context.Services.GetService<RotatorMetrics>();
        IReadOnlyList<string?> scopes = context.Options.Namespaces.IsDefaultOrEmpty || !type.Namespaced
            ? [null]
            : [.. context.Options.Namespaces];
        var instances = new List<ControllerInstance>(scopes.Count);
        foreach (var ns in scopes)
        {
            var name = ns is null ? type.ResourceName : $"{type.ResourceName} in {ns}";
            var informer = new Informer<T>(
                context.Client.For(type),
                new InformerOptions { Namespace = ns, LabelSelector = labelSelector },
                context.Time,
                context.LoggerFactory.CreateLogger($"Rotator.Operator.Runtime.Informers.Informer<{type.Kind}>"),
                context.Services.GetService<ICacheCompactor<T>>());
            var queue = new WorkQueue<ObjectKey>(context.Time, metrics: metrics?.ForQueue(name));
            context.Services.GetService<OwnerQueues>()?.Register(type.Kind, ns, queue);
            var controller = new Controller<T>(
                informer,
                reconciler,
                queue,
                new ControllerOptions { Name = name, Workers = context.Options.Workers, StartGates = [.. context.Services.GetServices<IStartGate>()] },
                context.LoggerFactory.CreateLogger($"Rotator.Operator.Runtime.Reconciliation.Controller<{type.Kind}>"),
                metrics?.ForController(name),
                context.Time);
            instances.Add(new ControllerInstance(informer, controller, queue));
        }

        return instances;
    }
}
