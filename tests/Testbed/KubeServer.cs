namespace Rotator.Testbed;

/// <summary>The test bed's kube-apiserver (with etcd and the controller manager behind it).</summary>
/// <param name="Server">HTTPS URL of the API server.</param>
/// <param name="CaFile">PEM file of the CA that signed the serving certificate.</param>
/// <param name="AdminToken">Bearer token of an identity in <c>system:masters</c>.</param>
/// <param name="UserToken">Bearer token of a plain identity with no permissions until a test binds some.</param>
/// <param name="UserName">User name of the plain identity (for RoleBindings).</param>
/// <param name="AdminKubeconfig">kubeconfig file for the admin identity.</param>
/// <param name="UserKubeconfig">kubeconfig file for the plain identity.</param>
/// <param name="EtcdEndpoint">etcd client URL (for compaction in watch tests).</param>
/// <param name="Directory">State directory of the servers (logs, certificates).</param>
/// <param name="BinDirectory">Where the cached kube-apiserver and kube-controller-manager live.</param>
public sealed record KubeServer(
    Uri Server,
    string CaFile,
    string AdminToken,
    string UserToken,
    string UserName,
    string AdminKubeconfig,
    string UserKubeconfig,
    Uri EtcdEndpoint,
    string Directory,
    string BinDirectory);
