using Rotator.Api;
using Rotator.KubectlPlugin;
using Rotator.Kubernetes;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.KubectlPlugin;

/// <summary>Runs <c>kubectl rotator</c> in process and reads back what it wrote, for the plugin's test classes.</summary>
internal static class PluginRun
{
    /// <summary>The plugin with <paramref name="kubeconfig"/>: its exit code and what it wrote to stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string kubeconfig, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PluginCli.RunAsync(["--kubeconfig", kubeconfig, .. args], output, error, TimeProvider.System, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The value of <paramref name="annotation"/> on RotatingSecret <paramref name="ns"/>/<paramref name="name"/>, or null.</summary>
    public static async Task<string?> AnnotationAsync(KubeServer kube, string ns, string name, string annotation)
    {
        using var client = TestClients.Admin(kube);
        var item = await client.For(RotatingSecretResource.Type).GetAsync(ns, name, TestContext.Current.CancellationToken);
        return item!.Metadata.Annotations is { } annotations && annotations.TryGetValue(annotation, out var value) ? value : null;
    }
}
