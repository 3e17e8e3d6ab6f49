using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rotator.Rotation.Ldap;

/// <summary><see cref="ILdapVerifier"/> with LDAPv3 simple binds over System.DirectoryServices.Protocols.</summary>
/// <remarks>
/// Every server first gets a plain TCP connect of our own. libldap reports a dead server and a failed TLS handshake
/// with the same code (81, server down); the connect is what tells <see cref="LdapBindOutcome.Unreachable"/> from
/// <see cref="LdapBindOutcome.TlsFailure"/>, and it lets the message say "DNS lookup failed" or "connection refused".
/// </remarks>
public sealed class LdapVerifier : ILdapVerifier
{
    private const int LdapInvalidCredentials = 49;
    private const int LdapServerDown = 81;
    private const int LdapTimeout = 85;
    private const int LdapConnectError = 91;

    private readonly LdapVerifierOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public LdapVerifier(LdapVerifierOptions options, TimeProvider time, ILogger<LdapVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.options = options;
        this.time = time;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<LdapBindResult> VerifyBindAsync(
        LdapDirectory directory, string bindName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentException.ThrowIfNullOrEmpty(bindName);

        // An empty password turns a simple bind into an "unauthenticated" one, which servers may accept like an
        // anonymous bind (RFC 4513 5.1.2): it would prove nothing.
        ArgumentException.ThrowIfNullOrEmpty(password);
        Validate(directory);
        LdapCaBundle? ca;
        try
        {
            // Read at every bind: a renewed bundle (a ConfigMap update) is used without a restart.
            ca = directory.CaFile is { } file ? LdapCaBundle.Load(file) : null;
        }
        catch (LdapCaBundleException e)
        {
            throw new ArgumentException(e.Message, nameof(directory), e);
        }

        var earlier = new List<string>();
        LdapBindResult? firstAnswer = null;
        foreach (var server in directory.Servers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await TryServerAsync(directory, ca, server, bindName, password, cancellationToken);
            logger.LogDebug("LDAP bind as {BindName} at {Server}: {Outcome}", bindName, server, result.Outcome);
            if (result.Outcome is LdapBindOutcome.Success or LdapBindOutcome.InvalidCredentials)
            {
                return earlier.Count == 0 ? result : result with { Message = $"{result.Message} (before that: {string.Join("; ", earlier)})" };
            }

            earlier.Add(result.Message);
            if (result.Outcome != LdapBindOutcome.Unreachable)
            {
                firstAnswer ??= result;
            }
        }

        var summary = string.Join("; ", earlier);
        return firstAnswer is null
            ? new LdapBindResult(LdapBindOutcome.Unreachable, null, summary)
            : firstAnswer with { Message = summary };
    }

    private static void Validate(LdapDirectory directory)
    {
        if (directory.Servers is null || directory.Servers.Count == 0)
        {
            throw new ArgumentException("An LDAP directory needs at least one server URL.", nameof(directory));
        }

        foreach (var server in directory.Servers)
        {
            if (server is null || !server.IsAbsoluteUri || !(IsLdap(server) || IsLdaps(server)))
            {
                throw new ArgumentException($"'{server}' is not an ldap:// or ldaps:// URL.", nameof(directory));
            }
        }

        if (directory.CaFile is not null && OperatingSystem.IsWindows())
        {
            throw new ArgumentException("An LDAP CA file is a libldap (Linux) setting; Windows uses its certificate store.", nameof(directory));
        }
    }

    private async Task<LdapBindResult> TryServerAsync(
        LdapDirectory directory, LdapCaBundle? ca, Uri server, string bindName, string password, CancellationToken cancellationToken)
    {
        var host = server.IdnHost;
        var port = server.Port > 0 ? server.Port : IsLdaps(server) ? 636 : 389;
        var unreachable = await ConnectAsync(host, port, cancellationToken);
        if (unreachable is not null)
        {
            return new LdapBindResult(LdapBindOutcome.Unreachable, server, $"{server}: unreachable: {unreachable}");
        }

        // The bind is a blocking native call bounded by libldap's timeouts (see OpenLdapDefaults); it gets its own
        // thread rather than a pool thread. On cancellation we stop waiting; the attempt ends within its deadline.
        var bind = Task.Factory.StartNew(
            () => Bind(directory, ca, server, host, port, bindName, password),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var result = await bind.WaitAsync(cancellationToken);
        if (result.Outcome != LdapBindOutcome.TlsFailure)
        {
            return result;
        }

        // libldap says only that TLS failed; the probe finds out why (untrusted, wrong name, no TLS at all).
        var why = await LdapTlsProbe.DiagnoseAsync(host, port, !IsLdaps(server), ca, options.OperationTimeout, cancellationToken);
        return result with { Message = $"{server}: TLS could not be established: {why}" };
    }

    private async Task<string?> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no TCP connection to {host}:{port} within {Seconds(options.ConnectTimeout)}";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"DNS lookup of {host} failed ({e.SocketErrorCode})",
                SocketError.ConnectionRefused => $"connection to {host}:{port} refused",
                _ => $"cannot connect to {host}:{port} ({e.SocketErrorCode})",
            };
        }
    }

    private LdapBindResult Bind(LdapDirectory directory, LdapCaBundle? ca, Uri server, string host, int port, string bindName, string password)
    {
        var tls = IsLdaps(server) || directory.StartTls;
        try
        {
            using var connection = OpenLdapDefaults.Create(
                () => new LdapConnection(new LdapDirectoryIdentifier(host, port), new NetworkCredential(bindName, password), AuthType.Basic),
                $"ldap://{(server.HostNameType == UriHostNameType.IPv6 ? $"[{host}]" : host)}:{port}",
                options.ConnectTimeout,
                options.OperationTimeout);
            connection.Timeout = options.OperationTimeout;
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;

            // A bind answers for this server; chasing a referral would check a credential somewhere we were not told to.
            session.ReferralChasing = ReferralChasingOptions.None;
            if (tls && ca is not null && !OperatingSystem.IsWindows())
            {
                // Only these CAs, not the system's: the connection gets a TLS context of its own.
                session.TrustedCertificatesDirectory = ca.TrustDirectory;
                session.StartNewTlsSessionContext();
            }

            if (IsLdaps(server))
            {
                session.SecureSocketLayer = true;
            }
            else if (directory.StartTls)
            {
                session.StartTransportLayerSecurity(null);
            }

            connection.Bind();
            return new LdapBindResult(LdapBindOutcome.Success, server, $"{server}: bound as {bindName}");
        }
        catch (TlsOperationException e)
        {
            var code = e.Response is null ? string.Empty : $" ({e.Response.ResultCode})";
            return new LdapBindResult(LdapBindOutcome.TlsFailure, server, $"{server}: StartTLS refused{code}{Detail(e.Message, password)}");
        }
        catch (LdapException e)
        {
            return Classify(server, e, tls, password);
        }
        catch (DirectoryOperationException e)
        {
            var code = e.Response is null ? string.Empty : $" {e.Response.ResultCode}";
            return new LdapBindResult(LdapBindOutcome.Other, server, $"{server}: LDAP error{code}{Detail(e.Message, password)}");
        }
        catch (DirectoryException e)
        {
            return new LdapBindResult(LdapBindOutcome.Other, server, $"{server}: LDAP error{Detail(e.Message, password)}");
        }
    }

    private LdapBindResult Classify(Uri server, LdapException e, bool tls, string password)
    {
        var detail = Detail(e.ServerErrorMessage, password);
        return e.ErrorCode switch
        {
            LdapInvalidCredentials => new(LdapBindOutcome.InvalidCredentials, server, $"{server}: invalid credentials (LDAP 49){detail}"),
            LdapTimeout => new(LdapBindOutcome.Unreachable, server, $"{server}: unreachable: no answer within {Seconds(options.OperationTimeout)}{detail}"),
            LdapServerDown or LdapConnectError when tls => new(LdapBindOutcome.TlsFailure, server, $"{server}: TLS could not be established{detail}"),
            LdapServerDown or LdapConnectError => new(LdapBindOutcome.Unreachable, server, $"{server}: unreachable: the LDAP connection failed or was closed{detail}"),
            _ => new(LdapBindOutcome.Other, server, $"{server}: LDAP error {e.ErrorCode}{Detail(e.Message, password)}{detail}"),
        };
    }

    private static string Detail(string? text, string password) =>
        string.IsNullOrWhiteSpace(text) ? string.Empty : $" ({SecretRedaction.Redact(text.Trim(), password)})";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static bool IsLdap(Uri server) => server.Scheme.Equals("ldap", StringComparison.OrdinalIgnoreCase);

    private static bool IsLdaps(Uri server) => server.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase);
}
