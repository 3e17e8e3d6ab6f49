namespace Rotator.Operator.Hosting;

/// <summary>
/// A loop that runs for the life of the process beside the informers, leader or not (register it with
/// <see cref="OperatorServiceCollectionExtensions.AddOperatorLoop{TLoop}"/>). Ending before shutdown,
/// by returning or by throwing, is fatal: the process exits with code 1 and Kubernetes restarts it.
/// </summary>
public interface IOperatorLoop
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
