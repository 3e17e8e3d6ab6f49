using System.Text;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Config;

namespace Rotator.Operator.Tests.Kubernetes.Config;

public sealed class KubeconfigLoaderTests : IDisposable
{
    private static readonly TimeProvider Time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory temp = new();
    private readonly TestPki pki = new();

    public void Dispose()
    {
        temp.Dispose();
        pki.Dispose();
    }

    [Fact]
    public async Task Merges_KUBECONFIG_files_with_the_first_definition_and_current_context_winning()
    {
        var first = temp.Write("a/config", """
            current-context: dev
            clusters:
            - name: shared
              cluster:
                server: https://first.example:6443
            users:
            - name: dev-user
              user:
                token: first-token
            contexts:
            - name: dev
              context:
                cluster: shared
                user: dev-user
            """);
        var second = temp.Write("b/config", """
            current-context: prod
            clusters:
            - name: shared
              cluster:
                server: https://second.example:6443
            users:
            - name: dev-user
              user:
                token: second-token
            contexts:
            - name: dev
              context:
                cluster: shared
                user: other
                namespace: ignored
            - name: prod
              context:
                cluster: shared
                user: dev-user
                namespace: prod-ns
            """);
        var loader = Loader(kubeconfigEnv: $"{first}:{temp.Path}/missing/config:{second}");

        var dev = loader.Load();
        dev.Server.Should().Be(new Uri("https://first.example:6443"));
        dev.Namespace.Should().BeNull();
        (await dev.Token!.GetTokenAsync(CancellationToken.None)).Should().Be("first-token");
        dev.Source.Should().Be($"kubeconfig {first}, {second} (context dev)");

        // A context only the second file defines still sees the first file's cluster and user.
        var prod = loader.Load(context: "prod");
        prod.Server.Should().Be(new Uri("https://first.example:6443"));
        prod.Namespace.Should().Be("prod-ns");
        (await prod.Token!.GetTokenAsync(CancellationToken.None)).Should().Be("first-token");
    }

    [Fact]
    public void Current_context_comes_from_a_later_file_when_earlier_ones_set_none()
    {
        var first = temp.Write("a/config", """
            clusters:
            - name: c
              cluster:
                server: https://one.example
            """);
        var second = temp.Write("b/config", """
            current-context: x
            contexts:
            - name: x
              context:
                cluster: c
            """);

        var configuration = Loader(kubeconfigEnv: $"{first}:{second}").Load();

        configuration.Server.Host.Should().Be("one.example");
        configuration.Token.Should().BeNull();
    }

    [Fact]
    public void Explicit_context_overrides_current_context()
    {
        var path = temp.Write("config", TwoContexts);

        Loader().Load(path, "blue").Server.Host.Should().Be("blue.example");
        Loader().Load(path).Server.Host.Should().Be("green.example");
    }

    [Fact]
    public void Explicit_kubeconfig_path_overrides_KUBECONFIG_and_home()
    {
        var wrong = TwoContexts.Replace("green.example", "wrong.example", StringComparison.Ordinal);
        var ignored = temp.Write("ignored/config", wrong);
        temp.Write("home/.kube/config", wrong);
        var home = Path.Combine(temp.Path, "home");
        var path = temp.Write("explicit/config", TwoContexts);

        new KubeconfigLoader(Time, Env(("KUBECONFIG", ignored)), home).Load(path).Server.Host.Should().Be("green.example");
        new KubeconfigLoader(Time, Env(), home).Load().Server.Host.Should().Be("wrong.example");
    }

    [Fact]
    public void Default_kubeconfig_is_in_the_home_folder()
    {
        var home = Path.Combine(temp.Path, "home");
        var loader = new KubeconfigLoader(Time, Env(), home);

        loader.DefaultPaths().Should().Equal(Path.Combine(home, ".kube", "config"));
        loader.Invoking(l => l.Load()).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"*KUBECONFIG is not set and {Path.Combine(home, ".kube", "config")} does not exist*");
    }

    [Fact]
    public void Missing_context_names_the_context_and_the_file()
    {
        var path = temp.Write("config", TwoContexts);

        Loader().Invoking(l => l.Load(path, "purple")).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"context 'purple' not found in {path}");
    }

    [Fact]
    public void Missing_cluster_user_and_current_context_are_named()
    {
        var path = temp.Write("config", """
            contexts:
            - name: no-cluster
              context:
                user: u
            - name: bad-cluster
              context:
                cluster: nowhere
            - name: bad-user
              context:
                cluster: c
                user: nobody
            clusters:
            - name: c
              cluster:
                certificate-authority-data: Zm9v
            """);

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"no current-context in {path}, and no context was given");
        Loader().Invoking(l => l.Load(path, "no-cluster")).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"context 'no-cluster' in {path} names no cluster");
        Loader().Invoking(l => l.Load(path, "bad-cluster")).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"cluster 'nowhere' (of context 'bad-cluster' in {path}) not found in {path}");
        Loader().Invoking(l => l.Load(path, "bad-user")).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'nobody' (of context 'bad-user' in {path}) not found in {path}");
    }

    [Theory]
    [InlineData("certificate-authority-data: Zm9v", "cluster 'c' in {0} has no server")]
    [InlineData("server: https://kube.example\n    certificate-authority-data: \"not base64!\"", "cluster 'c' in {0}: certificate-authority-data is not valid base64")]
    [InlineData("server: https://kube.example\n    insecure-skip-tls-verify: maybe", "cluster 'c' in {0}: 'insecure-skip-tls-verify' must be true or false")]
    [InlineData("server: ftp://kube.example", "cluster 'c' in {0}: server 'ftp://kube.example' is not an https:// URL")]
    [InlineData("server: https://kube.example\n    certificate-authority-data: Zm9v", "cluster 'c' in {0}: certificate-authority-data holds no PEM certificate")]
    [InlineData("server: https://kube.example\n    proxy-url: http://proxy:3128", "cluster 'c' in {0}: proxy-url is not supported")]
    public void Unusable_cluster_fields_are_named(string cluster, string message)
    {
        var path = temp.Write("config", Kubeconfig("    " + cluster, "token: t"));

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, path));
    }

    [Fact]
    public void Explicit_path_that_does_not_exist_is_an_error()
    {
        var path = Path.Combine(temp.Path, "nope", "config");

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"kubeconfig {path} does not exist");
    }

    [Fact]
    public void Invalid_yaml_names_the_file_and_line()
    {
        var path = temp.Write("config", "clusters:\n- name: c\n  cluster: [unclosed\n");

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"kubeconfig {path} is not valid YAML (line *");
    }

    [Fact]
    public void Same_name_twice_in_one_file_is_an_error()
    {
        var path = temp.Write("config", """
            users:
            - name: u
              user: {token: a}
            - name: u
              user: {token: b}
            """);

        Loader().Invoking(l => l.Load(path, "any")).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' is defined twice in {path}");
    }

    [Fact]
    public void Relative_certificate_authority_resolves_against_the_kubeconfig_folder()
    {
        temp.Write("cfg/certs/ca.crt", pki.CaPem);
        var path = temp.Write("cfg/config", Kubeconfig("""
                server: https://kube.example:6443
                certificate-authority: certs/ca.crt
                tls-server-name: api.internal
            """, "token: t"));

        var configuration = Loader().Load(path);

        configuration.CertificateAuthorities.Should().ContainSingle().Which.Thumbprint.Should().Be(pki.Ca.Thumbprint);
        configuration.TlsServerName.Should().Be("api.internal");
        configuration.InsecureSkipTlsVerify.Should().BeFalse();
    }

    [Fact]
    public void Missing_certificate_authority_file_names_the_field_and_the_path()
    {
        var path = temp.Write("config", Kubeconfig("""
                server: https://kube.example
                certificate-authority: ca.crt
            """, "token: t"));

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"cluster 'c' in {path}: certificate-authority {Path.Combine(temp.Path, "ca.crt")} cannot be read: *");
    }

    [Fact]
    public void Certificate_authority_data_holds_a_bundle()
    {
        using var other = new TestPki();
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(pki.CaPem + "\n" + other.CaPem + "\n"));
        var path = temp.Write("config", Kubeconfig($"""
                server: https://kube.example
                certificate-authority-data: {bundle}
            """, "token: t"));

        Loader().Load(path).CertificateAuthorities.Should().HaveCount(2);
    }

    [Fact]
    public void Insecure_skip_tls_verify_without_a_ca_is_accepted_and_with_one_refused()
    {
        var insecure = temp.Write("insecure", Kubeconfig("""
                server: kube.example:6443
                insecure-skip-tls-verify: true
            """, "token: t"));
        var both = temp.Write("both", Kubeconfig($"""
                server: https://kube.example
                insecure-skip-tls-verify: true
                certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(pki.CaPem))}
            """, "token: t"));

        var configuration = Loader().Load(insecure);
        configuration.InsecureSkipTlsVerify.Should().BeTrue();
        configuration.Server.Should().Be(new Uri("https://kube.example:6443"), "a server without scheme means HTTPS, as in kubectl");
        Loader().Invoking(l => l.Load(both)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"cluster 'c' in {both} sets insecure-skip-tls-verify and a certificate authority; keep one");
    }

    [Theory]
    [InlineData("rsa-pkcs1")]
    [InlineData("rsa-pkcs8")]
    [InlineData("ec-sec1")]
    [InlineData("ec-pkcs8")]
    public void Client_certificate_and_key_data_give_a_certificate_with_its_private_key(string keyFormat)
    {
        var (certificate, key, thumbprint) = pki.Client("admin", keyFormat);
        var path = temp.Write("config", Kubeconfig("    server: https://kube.example", $"""
                client-certificate-data: {Base64(certificate)}
                client-key-data: {Base64(key)}
            """));

        var configuration = Loader().Load(path);

        configuration.ClientCertificate!.Thumbprint.Should().Be(thumbprint);
        configuration.ClientCertificate.HasPrivateKey.Should().BeTrue();
        configuration.Token.Should().BeNull();
    }

    [Fact]
    public void Client_certificate_and_key_files_resolve_against_the_kubeconfig_folder()
    {
        var (certificate, key, thumbprint) = pki.Client("admin", "ec-sec1");
        temp.Write("kube/pki/admin.crt", certificate);
        temp.Write("kube/pki/admin.key", key);
        var path = temp.Write("kube/config", Kubeconfig("    server: https://kube.example", """
                client-certificate: pki/admin.crt
                client-key: pki/admin.key
            """));

        Loader().Load(path).ClientCertificate!.Thumbprint.Should().Be(thumbprint);
    }

    [Fact]
    public void Client_certificate_without_key_or_with_a_mismatched_key_is_an_error()
    {
        var (certificate, _, _) = pki.Client("admin", "rsa-pkcs1");
        var (_, otherKey, _) = pki.Client("other", "rsa-pkcs1");
        var noKey = temp.Write("no-key", Kubeconfig("    server: https://kube.example", $"client-certificate-data: {Base64(certificate)}"));
        var mismatch = temp.Write("mismatch", Kubeconfig("    server: https://kube.example", $"""
                client-certificate-data: {Base64(certificate)}
                client-key-data: {Base64(otherKey)}
            """));

        Loader().Invoking(l => l.Load(noKey)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {noKey} has a client certificate but no client-key or client-key-data");
        var error = Loader().Invoking(l => l.Load(mismatch)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {mismatch}: client certificate and key are not a usable pair*").Which;
        error.Message.Should().NotContain("PRIVATE KEY");
    }

    [Theory]
    [InlineData("rsa-pkcs1")]
    [InlineData("ec-sec1")]
    public async Task Client_certificate_authenticates_a_real_tls_handshake(string keyFormat)
    {
        using var serving = pki.Server("kube.rotator.test");
        await using var server = new LoopbackTlsServer(serving);
        var (certificate, key, thumbprint) = pki.Client("admin", keyFormat);
        var path = temp.Write("config", Kubeconfig($"""
                server: {server.Url}
                certificate-authority-data: {Base64(pki.CaPem)}
                tls-server-name: kube.rotator.test
            """, $"""
                client-certificate-data: {Base64(certificate)}
                client-key-data: {Base64(key)}
            """));
        var configuration = Loader().Load(path);
        using var client = new KubernetesClient(configuration, new KubernetesClientOptions(), Time, NullLogger<KubernetesClient>.Instance);

        var list = await client.For(ResourceTypes.Namespaces).ListAsync(null, null, TestContext.Current.CancellationToken);

        list.Items.Should().BeEmpty();
        server.ClientThumbprints.Should().Equal(thumbprint);
    }

    [Fact]
    public async Task Tls_server_name_the_certificate_does_not_carry_is_refused()
    {
        using var serving = pki.Server("kube.rotator.test");
        await using var server = new LoopbackTlsServer(serving);
        var (certificate, key, _) = pki.Client("admin", "rsa-pkcs1");
        var path = temp.Write("config", Kubeconfig($"""
                server: {server.Url}
                certificate-authority-data: {Base64(pki.CaPem)}
                tls-server-name: impostor.rotator.test
            """, $"""
                client-certificate-data: {Base64(certificate)}
                client-key-data: {Base64(key)}
            """));
        using var client = new KubernetesClient(Loader().Load(path), new KubernetesClientOptions(), Time, NullLogger<KubernetesClient>.Instance);

        await client.Invoking(c => c.For(ResourceTypes.Namespaces).ListAsync(null, null, TestContext.Current.CancellationToken))
            .Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Token_file_is_read_through_a_file_token_source_and_wins_over_token()
    {
        temp.Write("kube/token", "from-file\n");
        var path = temp.Write("kube/config", Kubeconfig("    server: https://kube.example", """
                token: inline
                tokenFile: token
            """));

        var configuration = Loader().Load(path);

        configuration.Token.Should().BeOfType<FileTokenSource>().Which.Path.Should().Be(Path.Combine(temp.Path, "kube", "token"));
        (await configuration.Token!.GetTokenAsync(CancellationToken.None)).Should().Be("from-file");
    }

    [Fact]
    public void Missing_token_file_is_named()
    {
        var path = temp.Write("config", Kubeconfig("    server: https://kube.example", "tokenFile: /nonexistent/token"));

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {path}: tokenFile /nonexistent/token does not exist");
    }

    [Fact]
    public void Exec_section_becomes_a_plugin_with_a_relative_command_resolved_against_the_kubeconfig_folder()
    {
        var path = temp.Write("kube/config", Kubeconfig("    server: https://kube.example", """
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/get-token
                  args: [eks, get-token, --cluster-name, prod]
                  env:
                  - name: AWS_PROFILE
                    value: prod
                  installHint: install the AWS CLI
                  provideClusterInfo: true
            """));

        var plugin = Loader().Load(path).Token.Should().BeOfType<ExecCredentialTokenSource>().Which.Plugin;

        plugin.Command.Should().Be(Path.Combine(temp.Path, "kube", "bin", "get-token"));
        plugin.Args.Should().Equal("eks", "get-token", "--cluster-name", "prod");
        plugin.Env.Should().Equal(new Dictionary<string, string> { ["AWS_PROFILE"] = "prod" });
        plugin.ApiVersion.Should().Be(ExecCredentialPlugin.V1Beta1);
        plugin.InstallHint.Should().Be("install the AWS CLI");
        plugin.Cluster!.Server.Should().Be(new Uri("https://kube.example"));
        plugin.Origin.Should().Be($"user 'u' in {path}");
    }

    [Fact]
    public async Task Exec_user_gets_its_token_from_the_plugin()
    {
        var plugin = new ExecPluginScript(temp);
        var path = temp.Write("config", Kubeconfig("    server: https://kube.example", plugin.KubeconfigUser(ExecCredentialPlugin.V1Beta1, "from-plugin").Trim()));

        var token = Loader().Load(path).Token!;

        (await token.GetTokenAsync(TestContext.Current.CancellationToken)).Should().Be("from-plugin");
        plugin.Runs.Should().Be(1);
    }

    [Fact]
    public void Exec_command_without_a_slash_is_looked_up_on_path()
    {
        var path = temp.Write("config", Kubeconfig("    server: https://kube.example", """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: aws
            """));

        Loader().Load(path).Token.Should().BeOfType<ExecCredentialTokenSource>().Which.Plugin.Command.Should().Be("aws");
    }

    [Theory]
    [InlineData("apiVersion: client.authentication.k8s.io/v1alpha1\n      command: x", "exec: apiVersion 'client.authentication.k8s.io/v1alpha1' is not supported*")]
    [InlineData("command: x", "exec has no apiVersion*")]
    [InlineData("apiVersion: client.authentication.k8s.io/v1", "exec has no command")]
    [InlineData("apiVersion: client.authentication.k8s.io/v1\n      command: x\n      interactiveMode: Always", "exec: interactiveMode 'Always' needs a terminal*")]
    public void Unusable_exec_sections_are_explained(string exec, string message)
    {
        var path = temp.Write("config", Kubeconfig("    server: https://kube.example", $"exec:\n      {exec}"));

        Loader().Invoking(l => l.Load(path)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {path}: {message}");
    }

    [Fact]
    public void Auth_provider_basic_auth_and_exec_with_token_are_refused()
    {
        var provider = temp.Write("provider", Kubeconfig("    server: https://kube.example", "auth-provider:\n      name: gcp"));
        var basic = temp.Write("basic", Kubeconfig("    server: https://kube.example", "username: admin\n    password: hunter2"));
        var both = temp.Write("both", Kubeconfig("    server: https://kube.example", "token: t\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws"));

        Loader().Invoking(l => l.Load(provider)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {provider}: auth-provider 'gcp' is not supported*");
        Loader().Invoking(l => l.Load(basic)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {basic}: username/password authentication is not supported");
        Loader().Invoking(l => l.Load(both)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {both} sets both exec and token/tokenFile; keep one");
    }

    [Fact]
    public void Configuration_ToString_reveals_no_token_key_or_certificate()
    {
        var (certificate, key, _) = pki.Client("admin", "rsa-pkcs1");
        var path = temp.Write("config", Kubeconfig($"""
                server: https://kube.example
                certificate-authority-data: {Base64(pki.CaPem)}
            """, $"""
                token: super-secret-token
                client-certificate-data: {Base64(certificate)}
                client-key-data: {Base64(key)}
            """));

        var text = Loader().Load(path).ToString();

        text.Should().Contain("https://kube.example").And.Contain("static token");
        text.Should().NotContain("super-secret-token").And.NotContain("CN=").And.NotContain("BEGIN").And.NotContain(Base64(key)[..20]);
    }

    [Fact]
    public void Empty_file_in_the_list_is_an_empty_configuration()
    {
        var empty = temp.Write("empty", "");
        var path = temp.Write("config", TwoContexts);

        Loader(kubeconfigEnv: $"{empty}:{path}").Load().Server.Host.Should().Be("green.example");
    }

    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: green
        clusters:
        - name: green
          cluster:
            server: https://green.example
        - name: blue
          cluster:
            server: https://blue.example
        contexts:
        - name: green
          context: {cluster: green}
        - name: blue
          context: {cluster: blue}
        """;

    private static string Kubeconfig(string cluster, string user) => $"""
        current-context: x
        clusters:
        - name: c
          cluster:
        {cluster}
        users:
        - name: u
          user:
            {user.TrimStart()}
        contexts:
        - name: x
          context:
            cluster: c
            user: u
        """;

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    private KubeconfigLoader Loader(string? kubeconfigEnv = null) =>
        new(Time, Env(("KUBECONFIG", kubeconfigEnv ?? "")), Path.Combine(temp.Path, "no-home"));
}
