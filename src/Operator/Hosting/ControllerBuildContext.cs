using Microsoft.Extensions.Logging;
using Rotator.Kubernetes;

namespace Rotator.Operator.Hosting;

/// <summary>What a <see cref="IControllerRegistration"/> builds its informers and controllers from, once the API server is known to answer.</summary>
public sealed record ControllerBuildContext(
    KubernetesApi Client,
    OperatorOptions Options,
    IServiceProvider Services,
    TimeProvider Time,
    ILoggerFactory LoggerFactory);
