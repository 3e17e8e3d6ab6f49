using Microsoft.Extensions.Logging;

namespace Rotator.Operator.Tests;

/// <summary>
/// Routes a whole host's logs into the output of the test that started it, each line tagged (two
/// hosts in one test stay apart). The output helper is captured up front because host threads do not
/// carry the test's context, and lines written after the test ended are dropped.
/// </summary>
internal sealed class TestOutputLoggerProvider(string tag) : ILoggerProvider
{
    private readonly ITestOutputHelper? output = TestContext.Current.TestOutputHelper;

    public ILogger CreateLogger(string categoryName) => new TaggedTestOutputLogger(Write, tag, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test is over; nobody reads this any more.
        }
    }
}
