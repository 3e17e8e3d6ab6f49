namespace Rotator.Operator.Tests;

/// <summary>Polls a condition of a real system until it holds or a deadline passes.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not reached within {within}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not reached within {within}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
