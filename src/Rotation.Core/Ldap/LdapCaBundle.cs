using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotator.Rotation.Ldap;

/// <summary>
/// The CA certificates of a PEM file, and a private directory that holds only them, for libldap.
/// </summary>
/// <remarks>
/// System.DirectoryServices.Protocols sets a connection's trust only as a CA directory (libldap's
/// <c>LDAP_OPT_X_TLS_CACERTDIR</c>); there is no per-connection CA file. The file's own directory will not do: a
/// mounted ConfigMap or Secret holds other keys too, and libldap built on GnuTLS (Debian's and Ubuntu's) trusts every
/// certificate in the directory. So the certificates are written, and nothing else (a private key pasted into the
/// bundle stays out), to a directory of their own under the temp folder, named after their content: a renewed
/// bundle gets a new directory, an unchanged one is written once.
/// </remarks>
public sealed class LdapCaBundle
{
    private static readonly ConcurrentDictionary<string, string> Written = new(StringComparer.Ordinal);

    private LdapCaBundle(string file, X509Certificate2Collection certificates, string trustDirectory)
    {
        File = file;
        Certificates = certificates;
        TrustDirectory = trustDirectory;
    }

    /// <summary>The PEM file it was read from, for messages.</summary>
    public string File { get; }

    /// <summary>The CA certificates, in file order.</summary>
    public X509Certificate2Collection Certificates { get; }

    /// <summary>A directory with these certificates only (mode 0700), for <c>TrustedCertificatesDirectory</c>.</summary>
    public string TrustDirectory { get; }

    /// <summary>Reads <paramref name="file"/> and makes sure its certificates are in a trust directory.</summary>
    /// <exception cref="LdapCaBundleException">The file is missing, unreadable or holds no PEM certificate.</exception>
    public static LdapCaBundle Load(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LdapCaBundleException($"the LDAP CA file {file} cannot be read ({e.GetType().Name})", e);
        }
        catch (CryptographicException e)
        {
            throw new LdapCaBundleException($"the LDAP CA file {file} holds a certificate that does not parse", e);
        }

        if (certificates.Count == 0)
        {
            throw new LdapCaBundleException($"the LDAP CA file {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        var pem = new StringBuilder();
        foreach (var certificate in certificates)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        var content = pem.ToString();
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(content)))[..32];
        return new LdapCaBundle(file, certificates, Written.GetOrAdd(name, _ => Write(name, content)));
    }

    private static string Write(string name, string content)
    {
        var root = Path.Combine(Path.GetTempPath(), "rotator-ldap-trust");
        var target = Path.Combine(root, name);
        var certificateFile = Path.Combine(target, "ca.pem");
        if (Holds(certificateFile, content))
        {
            return target;
        }

        CreatePrivateDirectory(root);
        if (Directory.Exists(target))
        {
            // Named after its content, yet holding something else: damaged, not another bundle.
            Directory.Delete(target, recursive: true);
        }

        // Written aside and moved into place, so a concurrent reader never sees half a directory.
        var staging = Path.Combine(root, $".{name}.{Guid.NewGuid():N}");
        CreatePrivateDirectory(staging);
        System.IO.File.WriteAllText(Path.Combine(staging, "ca.pem"), content);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (Holds(certificateFile, content))
        {
            // Another process or thread moved the same content into place first.
            Directory.Delete(staging, recursive: true);
        }

        return target;
    }

    private static bool Holds(string file, string content) => System.IO.File.Exists(file) && System.IO.File.ReadAllText(file) == content;

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
