using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;

namespace Rotator.Testbed.DirectoryService;

/// <summary>
/// Checks a request's SigV4 <c>Authorization</c> header the way AWS does: scope (service, region, date), clock
/// skew, the signed header list, and the signature itself, recomputed from what arrived on the wire with the known
/// secret key. The canonical request is built here from the wire; AWSSDK.Core derives the key and the HMAC.
/// </summary>
internal sealed class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly string[] RequiredSignedHeaders = ["host", "x-amz-date", "x-amz-target"];

    private readonly DirectoryServiceStandInOptions options;
    private readonly string service;

    public SigV4Verifier(DirectoryServiceStandInOptions options, string service)
    {
        this.options = options;
        this.service = service;
    }

    /// <exception cref="DirectoryServiceFault">The request is not signed, or not signed right.</exception>
    public void Verify(IncomingRequest request)
    {
        var authorization = request.Header("Authorization")
            ?? throw new DirectoryServiceFault("MissingAuthenticationTokenException", "Missing Authentication Token");
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw Incomplete($"Authorization header requires the {Algorithm} algorithm.");
        }

        var parts = Parameters(authorization[(Algorithm.Length + 1)..]);
        if (!parts.TryGetValue("Credential", out var credential)
            || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            throw Incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw Incomplete("Credential must have the form <access key>/<date>/<region>/<service>/aws4_request.");
        }

        var (accessKey, scopeDate, region, scopeService) = (scope[0], scope[1], scope[2], scope[3]);
        if (scopeService != service)
        {
            throw Invalid($"Credential should be scoped to correct service: '{service}'.");
        }

        if (region != options.Region)
        {
            throw Invalid($"Credential should be scoped to a valid region, not '{region}'.");
        }

        if (accessKey != options.AccessKeyId)
        {
            throw new DirectoryServiceFault("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var signedAt = SignedAt(request, scopeDate);
        var names = signedHeaders.Split(';');
        if (!names.SequenceEqual(names.Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal)))
        {
            throw Incomplete("SignedHeaders must be lowercase and sorted.");
        }

        foreach (var required in RequiredSignedHeaders.Where(r => !names.Contains(r)))
        {
            throw Incomplete($"'{required}' must be a SignedHeader in the AWS Authorization.");
        }

        var expected = AWS4Signer.ComputeSignature(
            accessKey, options.SecretAccessKey, region, signedAt, service, signedHeaders, CanonicalRequest(request, names, signedHeaders)).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw Invalid("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    private DateTime SignedAt(IncomingRequest request, string scopeDate)
    {
        var amzDate = request.Header("X-Amz-Date") ?? throw Incomplete("Authorization requires an X-Amz-Date header.");
        if (!DateTime.TryParseExact(
            amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw Incomplete($"X-Amz-Date '{amzDate}' is not an ISO-8601 basic date-time.");
        }

        if (scopeDate != amzDate[..8])
        {
            throw Invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        var now = options.Time.GetUtcNow().UtcDateTime;
        if ((now - signedAt).Duration() > options.MaxClockSkew)
        {
            throw Invalid($"Signature expired: {amzDate} is not within {options.MaxClockSkew} of {now:yyyyMMdd'T'HHmmss'Z'}.");
        }

        return signedAt;
    }

    /// <summary>SigV4's canonical request; the stand-in takes <c>POST /</c> without a query only, so both are fixed.</summary>
    private static string CanonicalRequest(IncomingRequest request, string[] names, string signedHeaders)
    {
        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Path).Append('\n')
            .Append(request.Query).Append('\n');
        foreach (var name in names)
        {
            var value = request.Header(name) ?? throw Incomplete($"Signed header '{name}' is not in the request.");
            canonical.Append(name).Append(':').Append(string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        return canonical.Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(SHA256.HashData(request.Body)))
            .ToString();
    }

    private static Dictionary<string, string> Parameters(string text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parameters[part[..eq]] = part[(eq + 1)..];
            }
        }

        return parameters;
    }

    private static DirectoryServiceFault Incomplete(string message) => new("IncompleteSignatureException", message);

    private static DirectoryServiceFault Invalid(string message) => new("InvalidSignatureException", message);
}
