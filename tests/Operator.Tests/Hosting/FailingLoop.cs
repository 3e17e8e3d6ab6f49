using Rotator.Operator.Hosting;

namespace Rotator.Operator.Tests.Hosting;

/// <summary>A loop that dies after a moment, as a loop with a bug would.</summary>
internal sealed class FailingLoop(TimeSpan after) : IOperatorLoop
{
    public string Name => "failing test loop";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(after, cancellationToken);
        throw new InvalidOperationException("the test loop broke");
    }
}
