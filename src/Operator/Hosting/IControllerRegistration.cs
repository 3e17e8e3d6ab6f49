namespace Rotator.Operator.Hosting;

/// <summary>A controller the runtime builds at start; see <see cref="OperatorServiceCollectionExtensions.AddController{T}"/>.</summary>
public interface IControllerRegistration
{
    /// <summary>One informer and controller per watched namespace (or one for all namespaces).</summary>
    IReadOnlyList<ControllerInstance> Build(ControllerBuildContext context);
}
