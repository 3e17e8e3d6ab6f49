using System.Text.Json;

namespace Rotator.Operator.Tests.Failover;

/// <summary>Reads the API server's JSON audit log (one event per line).</summary>
internal static class AuditLog
{
    /// <summary>The requests on Secrets.</summary>
    public static IReadOnlyList<AuditedRequest> SecretRequests(string path) =>
        [.. Requests(path).Where(r => r.Group == "" && r.Resource == "secrets")];

    /// <summary>Every audited resource request (non-resource URLs such as <c>/healthz</c> are left out).</summary>
    public static IReadOnlyList<AuditedRequest> Requests(string path)
    {
        var requests = new List<AuditedRequest>();
        // The API server keeps appending: read what is there, sharing the file.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            if (!root.TryGetProperty("objectRef", out var target) || Text(target, "resource") is not { } resource)
            {
                continue;
            }

            requests.Add(new AuditedRequest(
                root.TryGetProperty("user", out var user) ? Text(user, "username") ?? "" : "",
                Text(root, "verb") ?? "",
                Text(target, "namespace"),
                Text(target, "name"),
                Text(root, "requestURI") ?? "")
            {
                Group = Text(target, "apiGroup") ?? "",
                Resource = resource,
                Subresource = Text(target, "subresource"),
                Stage = Text(root, "stage") ?? "",
                Code = root.TryGetProperty("responseStatus", out var status) && status.TryGetProperty("code", out var code) ? code.GetInt32() : null,
            });
        }

        return requests;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
