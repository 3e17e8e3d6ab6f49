using System.DirectoryServices.Protocols;
using System.Runtime.InteropServices;

namespace Rotator.Rotation.Ldap;

/// <summary>
/// Puts deadlines on libldap, which System.DirectoryServices.Protocols uses on Linux.
/// </summary>
/// <remarks>
/// S.DS.P binds through libldap's synchronous simple bind, and neither <see cref="LdapConnection.Timeout"/> nor any
/// session option bounds it: a server that accepts TCP and never answers, or an address that drops SYNs, blocks the
/// bind (and a thread) forever. libldap's <c>LDAP_OPT_NETWORK_TIMEOUT</c> (connect) and <c>LDAP_OPT_TIMEOUT</c>
/// (synchronous calls) do bound it, but S.DS.P exposes neither. They can be set as libldap's process-wide defaults,
/// which every new connection handle copies when it is created; so connections are created here, under a lock,
/// right after the defaults are set to the caller's deadlines. Other S.DS.P connections created later inherit the
/// last deadlines too; that only bounds their connect and synchronous calls, since S.DS.P passes its own timeout to
/// every asynchronous request.
/// </remarks>
internal static class OpenLdapDefaults
{
    private const int LdapOptTimeout = 0x5002;
    private const int LdapOptNetworkTimeout = 0x5005;

    // The names S.DS.P loads, in its order: dlopen of a loaded soname returns that same library, so the
    // defaults land in the libldap that S.DS.P's connections use.
    private static readonly string[] LibraryNames = ["libldap-2.5.so.0", "libldap-2.6.so.0", "libldap-2.4.so.2"];

    private static readonly Lock Gate = new();
    private static OpenLdapSetOption? setOption;
    private static bool resolved;
    private static (TimeSpan Connect, TimeSpan Operation)? applied;

    /// <summary>Runs <paramref name="create"/> with libldap's defaults set to these deadlines.</summary>
    public static LdapConnection Create(Func<LdapConnection> create, TimeSpan connectTimeout, TimeSpan operationTimeout)
    {
        ArgumentNullException.ThrowIfNull(create);

        // Windows' wldap32 is not libldap; 32-bit processes have a different struct timeval. The operator ships as a
        // 64-bit Linux container, the only place this matters.
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return create();
        }

        lock (Gate)
        {
            if (applied != (connectTimeout, operationTimeout))
            {
                var set = Resolve();
                Check(set(IntPtr.Zero, LdapOptNetworkTimeout, Timeval(connectTimeout)), "LDAP_OPT_NETWORK_TIMEOUT");
                Check(set(IntPtr.Zero, LdapOptTimeout, Timeval(operationTimeout)), "LDAP_OPT_TIMEOUT");
                applied = (connectTimeout, operationTimeout);
            }

            return create();
        }
    }

    private static OpenLdapSetOption Resolve()
    {
        if (resolved)
        {
            return setOption ?? throw new InvalidOperationException("libldap's ldap_set_option is not available.");
        }

        resolved = true;

        // S.DS.P initialises libldap's global state once, from its static constructor, because that
        // initialisation is not thread-safe; creating a connection runs it before we touch the globals.
        using (new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", 389)))
        {
        }

        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
            {
                setOption = Marshal.GetDelegateForFunctionPointer<OpenLdapSetOption>(export);
                return setOption;
            }
        }

        throw new InvalidOperationException($"None of {string.Join(", ", LibraryNames)} could be loaded to set LDAP timeouts.");
    }

    private static long[] Timeval(TimeSpan value) =>
        [value.Ticks / TimeSpan.TicksPerSecond, value.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond];

    private static void Check(int result, string option)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"libldap refused {option} (ldap_set_option returned {result}).");
        }
    }
}
