using System.Net;
using System.Net.Sockets;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// How testSecret binds, from the resource's <c>directoryService.verify</c> and the operator's LDAP CA, checked before
/// anything changes: a malformed template or URL, an ldaps:// URL with plain LDAP asked for, or a CA file that cannot be
/// used is <see cref="DirectoryServiceRotationReasons.InvalidSettings"/>.
/// </summary>
/// <param name="BindName">The bind name template.</param>
/// <param name="Urls">The configured servers, or null for the directory's DNS addresses.</param>
/// <param name="PlainLdap">No TLS at all (asked for by the resource); otherwise ldap:// is upgraded with StartTLS.</param>
/// <param name="CaFile">The CAs the servers' certificates must chain to; the system's when null.</param>
internal sealed record DirectoryVerifySettings(BindNameTemplate BindName, IReadOnlyList<Uri>? Urls, bool PlainLdap, string? CaFile)
{
    /// <exception cref="Abstractions.RotationRefusedException">InvalidSettings.</exception>
    public static DirectoryVerifySettings Read(DirectoryServiceRotationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DirectoryVerifySettings(
            BindTemplateOf(settings), UrlsOf(settings), settings.PlainLdap, settings.PlainLdap ? null : CaFileOf(settings));
    }

    /// <summary>The servers to bind to: the configured ones, else the directory's addresses; null when there are none.</summary>
    public LdapDirectory? Directory(IReadOnlyList<string> dnsAddresses)
    {
        ArgumentNullException.ThrowIfNull(dnsAddresses);
        IReadOnlyList<Uri> servers = Urls ?? [.. dnsAddresses.Select(address => DefaultUrl(address, PlainLdap))];
        return servers.Count == 0 ? null : new LdapDirectory(servers) { StartTls = !PlainLdap, CaFile = CaFile };
    }

    private static BindNameTemplate BindTemplateOf(DirectoryServiceRotationSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.BindDn))
        {
            return BindNameTemplate.UserPrincipalName;
        }

        try
        {
            return BindNameTemplate.Parse(settings.BindDn);
        }
        catch (FormatException e)
        {
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.InvalidSettings, $"directoryService.verify.bindDn: {e.Message}", e);
        }
    }

    private static List<Uri>? UrlsOf(DirectoryServiceRotationSettings settings)
    {
        if (settings.VerifyUrls is not { Count: > 0 } configured)
        {
            return null;
        }

        var urls = new List<Uri>(configured.Count);
        foreach (var text in configured)
        {
            if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("ldap" or "ldaps") || url.Host.Length == 0)
            {
                throw DirectoryRefusals.Refuse(
                    DirectoryServiceRotationReasons.InvalidSettings, $"directoryService.verify.url '{text}' is not an ldap:// or ldaps:// URL with a host");
            }

            if (settings.PlainLdap && url.Scheme == "ldaps")
            {
                throw DirectoryRefusals.Refuse(
                    DirectoryServiceRotationReasons.InvalidSettings,
                    $"directoryService.verify.tls is Disabled (plain LDAP), but '{text}' is ldaps:// (TLS from the start); use one or the other");
            }

            urls.Add(url);
        }

        return urls;
    }

    /// <summary>The operator's CA file, checked now so a broken one is a refusal before anything changes.</summary>
    private static string? CaFileOf(DirectoryServiceRotationSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.CaFile))
        {
            return null;
        }

        try
        {
            return LdapCaBundle.Load(settings.CaFile).File;
        }
        catch (LdapCaBundleException e)
        {
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.InvalidSettings, $"{e.Message} (the operator's --ldap-ca-file)", e);
        }
    }

    /// <summary>
    /// ldaps:// to a domain controller's address (IPv6 in brackets): AD's simple binds belong on TLS. Plain LDAP, when
    /// the resource asked for it: ldap:// to port 389.
    /// </summary>
    private static Uri DefaultUrl(string address, bool plainLdap)
    {
        var scheme = plainLdap ? "ldap" : "ldaps";
        return IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? new Uri($"{scheme}://[{ip}]")
            : new Uri($"{scheme}://{address}");
    }
}
