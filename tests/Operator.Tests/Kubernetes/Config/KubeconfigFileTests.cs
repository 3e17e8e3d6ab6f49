using System.Text.Json;
using k8s;
using Rotator.Kubernetes;

namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// <see cref="KubeconfigFile"/> stands in for the library's <c>LoadKubeConfig</c> (which costs about 30 MiB of
/// resident memory, see there): it must read every field the library reads, the same way.
/// </summary>
public sealed class KubeconfigFileTests
{
    // Every field a kubeconfig can carry that the library models: CA data and file, TLS server name, proxy,
    // insecure flag, client certificate data and files, token, basic auth, impersonation, an exec plugin with an
    // argument containing a space and an env entry, an auth provider, extensions, preferences, and a field
    // the model does not know (future kubectl output), which both readers must ignore.
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: eks
        preferences:
          colors: true
        clusters:
        - name: eks
          cluster:
            server: https://eks.example:443
            certificate-authority-data: Q0EgZGF0YQ==
            tls-server-name: api.example
            proxy-url: http://proxy.example:3128
            disable-compression: true
            extensions:
            - name: client.authentication.k8s.io/exec
              extension:
                audience: sts
        - name: local
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority: certs/ca.crt
            insecure-skip-tls-verify: true
        users:
        - name: eks-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: ["eks", "get-token", "--cluster-name", "my cluster"]
              env:
              - name: AWS_PROFILE
                value: platform team
              interactiveMode: Never
              provideClusterInfo: true
              installHint: install the aws cli
        - name: cert-user
          user:
            client-certificate-data: Y2VydA==
            client-key-data: a2V5
            client-certificate: certs/client.crt
            client-key: certs/client.key
            token: abc
            username: admin
            password: hunter2
            as: someone
            as-groups: [ops]
            auth-provider:
              name: oidc
              config:
                id-token: x
            future-field: ignored
        contexts:
        - name: eks
          context:
            cluster: eks
            user: eks-user
            namespace: apps
        - name: local
          context:
            cluster: local
            user: cert-user
        """;

    [Fact]
    public void Reads_every_field_as_the_library_does()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("config", Kubeconfig);

        var ours = KubeconfigFile.Read(path);
        var library = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));

        Assert.Equal(JsonSerializer.Serialize(library), JsonSerializer.Serialize(ours));
        Assert.Equal(path, ours.FileName);
        Assert.Equal(["eks", "get-token", "--cluster-name", "my cluster"], ours.Users.First().UserCredentials.ExternalExecution.Arguments);
        Assert.Equal("platform team", ours.Users.First().UserCredentials.ExternalExecution.EnvironmentVariables.Single()["value"]);
        Assert.Equal("certs/ca.crt", ours.Clusters.Last().ClusterEndpoint.CertificateAuthority);
    }

    [Fact]
    public void An_empty_file_is_an_empty_configuration()
    {
        using var directory = new TempDirectory();

        var config = KubeconfigFile.Read(directory.Write("config", ""));

        Assert.Empty(config.Contexts);
        Assert.Null(config.CurrentContext);
    }
}
