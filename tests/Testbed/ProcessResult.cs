namespace Rotator.Testbed;

/// <summary>What a finished child process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ProcessResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{what} exited with {ExitCode}: {StandardError.Trim()}");
}
