using Xunit;

namespace Rotator.Testbed;

/// <summary>What the dedicated (per-fixture) servers share: <c>hack/testbed.sh</c> and how a missing one is reported.</summary>
internal static class DedicatedServers
{
    public static string Script => Path.Combine(RepositoryRoot.Path, "hack", "testbed.sh");

    /// <summary>Starts <paramref name="component"/> in <paramref name="directory"/>; its endpoints (or its error) are in the result.</summary>
    public static async Task<TestbedEnvironment> UpAsync(string directory, string component, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["TESTBED_COMPONENTS"] = component };
        var result = await ProcessRunner.RunAsync("bash", [Script, "up", directory], TimeSpan.FromMinutes(3), variables);
        result.EnsureSuccess($"hack/testbed.sh up ({component})");
        return TestbedEnvironment.Load(Path.Combine(directory, "testbed.env"));
    }

    /// <summary>Stops everything started in <paramref name="directory"/> and removes it.</summary>
    public static Task DownAsync(string directory, string component) =>
        ProcessRunner.RunAsync("bash", [Script, "down", directory], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["TESTBED_COMPONENTS"] = component });

    /// <summary>Runs <c>hack/testbed.sh ACTION DIR COMPONENT [PROCESS]</c> (stop or start) and fails when it does.</summary>
    public static async Task StopOrStartAsync(string action, string directory, string component, string? process = null)
    {
        string[] arguments = process is null ? [Script, action, directory, component] : [Script, action, directory, component, process];
        var result = await ProcessRunner.RunAsync(
            "bash", arguments, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["TESTBED_COMPONENTS"] = component });
        result.EnsureSuccess($"hack/testbed.sh {action} {component} {process}".TrimEnd());
    }

    /// <summary>Fails the test under CI, skips it elsewhere (as <see cref="TestbedFixture"/> does).</summary>
    public static InvalidOperationException Unavailable(string what, string reason)
    {
        var message = $"{what} is not available: {reason}";
        if (!TestbedFixture.IsCi)
        {
            Assert.Skip(message);
        }

        return new InvalidOperationException(message);
    }
}
