using System.DirectoryServices.Protocols;
using System.Runtime.InteropServices;

namespace Rotator.Rotation.Ldap;

/// <summary>
/// Sets what libldap, which System.DirectoryServices.Protocols uses on Linux, must know before a connection exists:
/// deadlines, the server for StartTLS, and that TLS always verifies the server.
/// </summary>
/// <remarks>
/// <para>S.DS.P binds through libldap's synchronous simple bind, and neither <see cref="LdapConnection.Timeout"/> nor
/// any session option bounds it: a server that accepts TCP and never answers, or an address that drops SYNs, blocks the
/// bind (and a thread) forever. libldap's <c>LDAP_OPT_NETWORK_TIMEOUT</c> (connect) and <c>LDAP_OPT_TIMEOUT</c>
/// (synchronous calls) do bound it, but S.DS.P exposes neither.</para>
/// <para>S.DS.P 10 on Linux gives a connection its server URI only when it binds, while
/// <see cref="LdapSessionOptions.StartTransportLayerSecurity"/> runs at once: StartTLS then goes to libldap's default
/// URI (<c>ldap://localhost</c>) and fails, or reaches whatever listens there. A connection starts with the default
/// URI, so the default is set to the server being asked.</para>
/// <para>libldap takes <c>TLS_REQCERT</c> from ldap.conf and the environment (<c>LDAPTLS_REQCERT=never</c>); TLS here
/// must verify the chain and the host name whatever they say, so the default is set to <c>demand</c> before the first
/// connection exists (its TLS context is built from the defaults at the first handshake).</para>
/// <para>All of these are libldap's process-wide defaults, which every new connection handle copies when it is created;
/// so connections are created here, under a lock, right after the defaults are set. Other S.DS.P connections created
/// later inherit them too: that only bounds their connect and synchronous calls (S.DS.P passes its own timeout to every
/// asynchronous request), names a server they replace when they connect, and makes their TLS verify.</para>
/// </remarks>
internal static class OpenLdapDefaults
{
    private const int LdapOptTimeout = 0x5002;
    private const int LdapOptNetworkTimeout = 0x5005;
    private const int LdapOptUri = 0x5006;
    private const int LdapOptTlsRequireCert = 0x6006;
    private const int LdapOptTlsDemand = 2;

    // The names S.DS.P loads, in its order: dlopen of a loaded soname returns that same library, so the
    // defaults land in the libldap that S.DS.P's connections use.
    private static readonly string[] LibraryNames = ["libldap-2.5.so.0", "libldap-2.6.so.0", "libldap-2.4.so.2"];

    private static readonly Lock Gate = new();
    private static IntPtr setOption;
    private static bool resolved;
    private static (TimeSpan Connect, TimeSpan Operation)? applied;

    /// <summary>Runs <paramref name="create"/> with libldap's defaults set to these deadlines and <paramref name="server"/>.</summary>
    /// <param name="create">Creates the connection (S.DS.P creates libldap's handle in the constructor).</param>
    /// <param name="server">The plain <c>ldap://host:port</c> URI StartTLS is to reach.</param>
    /// <param name="connectTimeout">libldap's connect deadline.</param>
    /// <param name="operationTimeout">libldap's deadline for synchronous calls (StartTLS, the bind).</param>
    public static LdapConnection Create(Func<LdapConnection> create, string server, TimeSpan connectTimeout, TimeSpan operationTimeout)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentException.ThrowIfNullOrEmpty(server);

        // Windows' wldap32 is not libldap; 32-bit processes have a different struct timeval. The operator ships as a
        // 64-bit Linux container, the only place this matters.
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return create();
        }

        lock (Gate)
        {
            var set = Resolve();
            if (applied != (connectTimeout, operationTimeout))
            {
                Check(SetTimeval(set, LdapOptNetworkTimeout, connectTimeout), "LDAP_OPT_NETWORK_TIMEOUT");
                Check(SetTimeval(set, LdapOptTimeout, operationTimeout), "LDAP_OPT_TIMEOUT");
                applied = (connectTimeout, operationTimeout);
            }

            Check(SetString(set, LdapOptUri, server), "LDAP_OPT_URI");
            return create();
        }
    }

    private static IntPtr Resolve()
    {
        if (resolved)
        {
            return setOption != IntPtr.Zero ? setOption : throw new InvalidOperationException("libldap's ldap_set_option is not available.");
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
                var demand = LdapOptTlsDemand;
                Check(Marshal.GetDelegateForFunctionPointer<OpenLdapSetIntOption>(export)(IntPtr.Zero, LdapOptTlsRequireCert, ref demand), "LDAP_OPT_X_TLS_REQUIRE_CERT");
                setOption = export;
                return setOption;
            }
        }

        throw new InvalidOperationException($"None of {string.Join(", ", LibraryNames)} could be loaded to set LDAP options.");
    }

    private static int SetTimeval(IntPtr set, int option, TimeSpan value) =>
        Marshal.GetDelegateForFunctionPointer<OpenLdapSetOption>(set)(
            IntPtr.Zero, option, [value.Ticks / TimeSpan.TicksPerSecond, value.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond]);

    private static int SetString(IntPtr set, int option, string value) =>
        Marshal.GetDelegateForFunctionPointer<OpenLdapSetStringOption>(set)(IntPtr.Zero, option, value);

    private static void Check(int result, string option)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"libldap refused {option} (ldap_set_option returned {result}).");
        }
    }
}
