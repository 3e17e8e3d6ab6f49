using Rotator.Testbed.Prometheus;

namespace Rotator.Testbed;

/// <summary>
/// The endpoints written by <c>hack/testbed.sh up</c> into <c>testbed.env</c>, one <c>KEY=VALUE</c>
/// per line. A server that failed to start has <c>TESTBED_&lt;NAME&gt;_ERROR</c> instead of endpoints.
/// </summary>
public sealed class TestbedEnvironment
{
    private readonly IReadOnlyDictionary<string, string> values;

    private TestbedEnvironment(IReadOnlyDictionary<string, string> values) => this.values = values;

    public static TestbedEnvironment Load(string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        return new TestbedEnvironment(values);
    }

    public string? Directory => Get("TESTBED_DIR");

    /// <summary>Why a component is unavailable, or null when it started.</summary>
    public string? ErrorOf(string component)
    {
        var error = Get($"TESTBED_{component.ToUpperInvariant()}_ERROR");
        if (error is not null)
        {
            return error;
        }

        var started = Get("TESTBED_COMPONENTS")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return started.Contains(component, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"{component} was not started (TESTBED_COMPONENTS={Get("TESTBED_COMPONENTS")})";
    }

    public KubeServer? Kube => ErrorOf("kube") is not null ? null : new KubeServer(
        new Uri(Required("TESTBED_KUBE_SERVER")),
        Required("TESTBED_KUBE_CA"),
        Required("TESTBED_KUBE_ADMIN_TOKEN"),
        Required("TESTBED_KUBE_USER_TOKEN"),
        Required("TESTBED_KUBE_USER_NAME"),
        Required("TESTBED_KUBECONFIG"),
        Required("TESTBED_KUBECONFIG_USER"),
        new Uri(Required("TESTBED_ETCD_ENDPOINT")),
        Required("TESTBED_KUBE_DIR"),
        Required("TESTBED_KUBE_BIN"));

    public MySqlServer? MariaDb => MySql("mariadb");

    public MySqlServer? MySqlServer => MySql("mysql");

    public PostgreSqlServer? PostgreSql => ErrorOf("postgres") is not null ? null : new PostgreSqlServer(
        Required("TESTBED_POSTGRES_HOST"),
        int.Parse(Required("TESTBED_POSTGRES_PORT"), System.Globalization.CultureInfo.InvariantCulture),
        Required("TESTBED_POSTGRES_USER"),
        Required("TESTBED_POSTGRES_PASSWORD"),
        Required("TESTBED_POSTGRES_CA"),
        Required("TESTBED_POSTGRES_LOG"),
        Required("TESTBED_POSTGRES_MD5_GROUP"));

    public MotoServer? Moto => ErrorOf("moto") is not null ? null : new MotoServer(new Uri(Required("TESTBED_MOTO_URL")));

    public LdapServer? Ldap => ErrorOf("slapd") is not null ? null : new LdapServer(
        new Uri(Required("TESTBED_LDAP_URL")),
        new Uri(Required("TESTBED_LDAPS_URL")),
        Required("TESTBED_LDAP_CA"),
        Required("TESTBED_LDAP_BASE_DN"),
        Required("TESTBED_LDAP_ADMIN_DN"),
        Required("TESTBED_LDAP_ADMIN_PASSWORD"),
        Required("TESTBED_LDAP_USER_DN"),
        Required("TESTBED_LDAP_USER_PASSWORD"));

    /// <summary>Prometheus and promtool (not started: a test starts its own server).</summary>
    public PrometheusTools? Prometheus => ErrorOf("prometheus") is not null ? null : new PrometheusTools(
        Required("TESTBED_PROMETHEUS_BIN"),
        Required("TESTBED_PROMTOOL_BIN"));

    private MySqlServer? MySql(string component)
    {
        if (ErrorOf(component) is not null)
        {
            return null;
        }

        var prefix = $"TESTBED_{component.ToUpperInvariant()}_";
        return new MySqlServer(
            component,
            Required(prefix + "HOST"),
            int.Parse(Required(prefix + "PORT"), System.Globalization.CultureInfo.InvariantCulture),
            Required(prefix + "USER"),
            Required(prefix + "PASSWORD"),
            Required(prefix + "CA"));
    }

    private string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    private string Required(string key) =>
        Get(key) ?? throw new InvalidOperationException($"testbed.env has no {key}");
}
