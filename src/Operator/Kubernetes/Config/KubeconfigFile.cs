using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static Rotator.Operator.Kubernetes.Config.KubeconfigYaml;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// One kubeconfig file as written, before merging. Relative paths (certificate files, token files,
/// exec commands with a slash) are resolved here against the file's own folder, as kubectl does, so
/// they keep their meaning after the merge.
/// </summary>
internal sealed class KubeconfigFile
{
    private KubeconfigFile(string path) => Path = path;

    public string Path { get; }

    public string? CurrentContext { get; private set; }

    public Dictionary<string, KubeconfigCluster> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeconfigUser> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeconfigContext> Contexts { get; } = new(StringComparer.Ordinal);

    public static KubeconfigFile Load(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"kubeconfig {path} cannot be read: {e.Message}", e);
        }

        return Parse(path, text);
    }

    public static KubeconfigFile Parse(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new KubernetesConfigurationException(
                $"kubeconfig {path} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e);
        }

        var file = new KubeconfigFile(path);
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            // An empty file is an empty configuration to kubectl, not an error.
            return file;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubernetesConfigurationException($"kubeconfig {path} is not a mapping of clusters, users and contexts");
        }

        file.CurrentContext = String(root, "current-context", path);
        foreach (var (name, entry) in Entries(root, "clusters", "cluster", path))
        {
            file.Add(file.Clusters, "cluster", name, file.ParseCluster(name, entry));
        }

        foreach (var (name, entry) in Entries(root, "users", "user", path))
        {
            file.Add(file.Users, "user", name, file.ParseUser(name, entry));
        }

        foreach (var (name, entry) in Entries(root, "contexts", "context", path))
        {
            var where = $"context '{name}' in {path}";
            file.Add(file.Contexts, "context", name, new KubeconfigContext(
                name, path, String(entry, "cluster", where), String(entry, "user", where), String(entry, "namespace", where)));
        }

        return file;
    }

    private static IEnumerable<(string Name, YamlMappingNode Entry)> Entries(YamlMappingNode root, string listKey, string entryKey, string path)
    {
        var list = Sequence(root, listKey, path);
        if (list is null)
        {
            yield break;
        }

        var index = 0;
        foreach (var item in list.Children)
        {
            var where = $"{path}: {listKey}[{index}]";
            if (item is not YamlMappingNode named)
            {
                throw new KubernetesConfigurationException($"{where} must be a mapping with 'name' and '{entryKey}'");
            }

            var name = String(named, "name", where) ?? throw new KubernetesConfigurationException($"{where} has no name");
            yield return (name, Mapping(named, entryKey, $"{listKey[..^1]} '{name}' in {path}") ?? new YamlMappingNode());
            index++;
        }
    }

    private void Add<T>(Dictionary<string, T> map, string what, string name, T value)
    {
        // kubectl refuses a name listed twice in one file; which one it meant is anyone's guess.
        if (!map.TryAdd(name, value))
        {
            throw new KubernetesConfigurationException($"{what} '{name}' is defined twice in {Path}");
        }
    }

    private KubeconfigCluster ParseCluster(string name, YamlMappingNode entry)
    {
        var where = $"cluster '{name}' in {Path}";
        return new KubeconfigCluster(
            name,
            Path,
            String(entry, "server", where),
            ResolvePath(String(entry, "certificate-authority", where)),
            String(entry, "certificate-authority-data", where),
            Bool(entry, "insecure-skip-tls-verify", where),
            String(entry, "tls-server-name", where),
            String(entry, "proxy-url", where));
    }

    private KubeconfigUser ParseUser(string name, YamlMappingNode entry)
    {
        var where = $"user '{name}' in {Path}";
        var exec = Mapping(entry, "exec", where);
        return new KubeconfigUser
        {
            Name = name,
            File = Path,
            Token = String(entry, "token", where),
            TokenFile = ResolvePath(String(entry, "tokenFile", where)),
            ClientCertificate = ResolvePath(String(entry, "client-certificate", where)),
            ClientCertificateData = String(entry, "client-certificate-data", where),
            ClientKey = ResolvePath(String(entry, "client-key", where)),
            ClientKeyData = String(entry, "client-key-data", where),
            Exec = exec is null ? null : ParseExec(exec, where),
            ExecProvideClusterInfo = exec is not null && Bool(exec, "provideClusterInfo", $"{where}: exec"),
            AuthProvider = Mapping(entry, "auth-provider", where) is { } provider ? String(provider, "name", $"{where}: auth-provider") ?? "(unnamed)" : null,
            HasBasicAuth = String(entry, "username", where) is not null || String(entry, "password", where) is not null,
        };
    }

    private ExecCredentialPlugin ParseExec(YamlMappingNode exec, string where)
    {
        var execWhere = $"{where}: exec";
        var command = String(exec, "command", execWhere) ?? throw new KubernetesConfigurationException($"{execWhere} has no command");
        var apiVersion = String(exec, "apiVersion", execWhere)
            ?? throw new KubernetesConfigurationException($"{execWhere} has no apiVersion (use {ExecCredentialPlugin.V1})");
        if (apiVersion is not (ExecCredentialPlugin.V1 or ExecCredentialPlugin.V1Beta1))
        {
            throw new KubernetesConfigurationException(
                $"{execWhere}: apiVersion '{apiVersion}' is not supported; use {ExecCredentialPlugin.V1} or {ExecCredentialPlugin.V1Beta1}");
        }

        if (String(exec, "interactiveMode", execWhere) == "Always")
        {
            throw new KubernetesConfigurationException(
                $"{execWhere}: interactiveMode 'Always' needs a terminal, and the operator runs without one");
        }

        var args = Sequence(exec, "args", execWhere)?.Children.Select(a => StringItem(a, execWhere, "args")).ToList() ?? [];
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Sequence(exec, "env", execWhere)?.Children ?? [])
        {
            if (item is not YamlMappingNode variable || String(variable, "name", execWhere) is not { } variableName)
            {
                throw new KubernetesConfigurationException($"{execWhere}: every 'env' entry needs a name and a value");
            }

            env[variableName] = String(variable, "value", execWhere) ?? "";
        }

        return new ExecCredentialPlugin
        {
            // A bare name is looked up on PATH; a relative path with a slash is relative to this file.
            Command = command.Contains('/', StringComparison.Ordinal) ? ResolvePath(command)! : command,
            Args = args,
            Env = env,
            ApiVersion = apiVersion,
            InstallHint = String(exec, "installHint", execWhere),
            Origin = where,
        };
    }

    private string? ResolvePath(string? path) =>
        path is null || System.IO.Path.IsPathRooted(path)
            ? path
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, path));
}
