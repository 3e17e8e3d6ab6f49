using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Aws.Sts;

/// <summary>Reads STS's Query-protocol XML answers, matching elements by local name (the namespace changes with the API version).</summary>
internal static class StsXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    public static XElement Parse(byte[] body, string operation)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            return XDocument.Load(reader).Root ?? throw new AwsResponseFormatException($"sts.{operation}: empty response");
        }
        catch (XmlException e)
        {
            // XmlException messages quote the text at fault, and this text holds a secret access key.
            throw new AwsResponseFormatException(
                $"sts.{operation}: the response is not XML (line {e.LineNumber.ToString(CultureInfo.InvariantCulture)}, position {e.LinePosition.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    public static string Required(XElement root, string operation, params string[] path) =>
        Optional(root, path) ?? throw new AwsResponseFormatException($"sts.{operation}: the response has no {string.Join('/', path)}");

    public static string? Optional(XElement root, params string[] path)
    {
        XElement? current = root;
        foreach (var name in path)
        {
            current = current?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        }

        return current?.Value;
    }

    /// <summary><c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>; the status decides when the body is not that.</summary>
    public static AwsErrorDetails ReadError(HttpResponseMessage response, byte[] body)
    {
        string? code = null;
        string? message = null;
        string? requestId = AwsTransport.RequestIdOf(response);
        try
        {
            if (body.Length > 0)
            {
                using var stream = new MemoryStream(body, writable: false);
                using var reader = XmlReader.Create(stream, Settings);
                if (XDocument.Load(reader).Root is { } root)
                {
                    code = Optional(root, "Error", "Code");
                    message = Optional(root, "Error", "Message");
                    requestId ??= Optional(root, "RequestId");
                }
            }
        }
        catch (XmlException)
        {
            // Not XML (a proxy's page): the status has to do.
        }

        var status = response.StatusCode;
        code = code is { Length: > 0 } ? AwsErrors.NormalizeCode(code) : Enum.IsDefined(status) ? status.ToString() : "Http" + (int)status;
        return new AwsErrorDetails(code, message, status, requestId);
    }

    public static DateTimeOffset Timestamp(string value, string operation) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new AwsResponseFormatException($"sts.{operation}: '{value}' is not a timestamp");
}
