namespace Rotator.Operator.Hosting;

/// <summary>
/// The parts of the machine the option defaults depend on: environment variables (<c>POD_NAME</c>,
/// <c>POD_NAMESPACE</c>, <c>KUBERNETES_SERVICE_HOST</c>, <c>ROTATOR_*</c>), the service-account mount
/// and the host name. Tests hand in their own instead of changing the process's.
/// </summary>
public sealed record OperatorEnvironment
{
    public required Func<string, string?> Variable { get; init; }

    /// <summary>Every variable (name, value), for the <c>ROTATOR_</c> configuration source.</summary>
    public required Func<IEnumerable<KeyValuePair<string, string?>>> Variables { get; init; }

    /// <summary>Where the pod's service account is mounted: token, CA and namespace.</summary>
    public string ServiceAccountDirectory { get; init; } = "/var/run/secrets/kubernetes.io/serviceaccount";

    public required string HostName { get; init; }

    public static OperatorEnvironment Current { get; } = new()
    {
        Variable = Environment.GetEnvironmentVariable,
        Variables = ProcessVariables,
        HostName = Environment.MachineName,
    };

    /// <summary>True in a pod: the API server's service is announced in the environment.</summary>
    public bool InCluster => !string.IsNullOrEmpty(Variable("KUBERNETES_SERVICE_HOST"));

    /// <summary>An environment made of <paramref name="variables"/> alone.</summary>
    public static OperatorEnvironment Of(IReadOnlyDictionary<string, string> variables, string serviceAccountDirectory, string hostName = "test-host")
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new OperatorEnvironment
        {
            Variable = name => variables.TryGetValue(name, out var value) ? value : null,
            Variables = () => variables.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)),
            ServiceAccountDirectory = serviceAccountDirectory,
            HostName = hostName,
        };
    }

    private static IEnumerable<KeyValuePair<string, string?>> ProcessVariables()
    {
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            yield return new KeyValuePair<string, string?>((string)entry.Key, entry.Value as string);
        }
    }
}
