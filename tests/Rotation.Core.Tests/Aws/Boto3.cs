using System.Text.Json.Nodes;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>
/// An independent client for checking what our calls left behind: boto3 in a child process, talking to
/// the same moto through <c>AWS_ENDPOINT_URL</c>. The script gets <c>sm</c> (a Secrets Manager client)
/// and <c>args</c>, assigns <c>result</c>, and the JSON of <c>result</c> comes back.
/// </summary>
internal static class Boto3
{
    private const string Prelude = """
        import sys, json, base64, boto3, botocore
        sm = boto3.client("secretsmanager")
        args = sys.argv[1:]
        result = None
        """;

    private const string Epilogue = """

        print(json.dumps(result, default=str))
        """;

    // hack/testbed/moto.sh installs moto (and with it boto3) into a venv when moto_server is not on
    // PATH; a fresh machine's system python3 then has no boto3, so that venv's python comes first.
    private static readonly Lazy<string> PythonPath = new(() =>
    {
        var cache = Environment.GetEnvironmentVariable("ROTATOR_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "rotator");
        var venv = Path.Combine(cache, "moto-venv", "bin", "python");
        return File.Exists(venv) && File.Exists(Path.Combine(cache, "moto-venv", ".rotator-complete")) ? venv : "python3";
    });

    private static string Python => PythonPath.Value;

    public static async Task<JsonNode?> RunAsync(MotoServer moto, string script, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.Url.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_DEFAULT_REGION"] = MotoAws.Region,
            ["AWS_REGION"] = MotoAws.Region,
            // The child inherits our environment: a developer's own session token must not mix in (an empty
            // one is no token to botocore). Profiles need nothing: environment keys win over them.
            ["AWS_SESSION_TOKEN"] = "",
        };
        var result = await ProcessRunner.RunAsync(
            Python, ["-c", Prelude + "\n" + script + Epilogue, .. args], TimeSpan.FromMinutes(1), environment,
            cancellationToken: TestContext.Current.CancellationToken);
        result.EnsureSuccess("boto3 script");
        return JsonNode.Parse(result.StandardOutput);
    }
}
