using System.Text.Json;

namespace Rotator.Operator.Tests.Failover;

/// <summary>Reads the API server's JSON audit log (one event per line) for the requests on Secrets.</summary>
internal static class AuditLog
{
    public static IReadOnlyList<AuditedRequest> SecretRequests(string path)
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
            if (!root.TryGetProperty("objectRef", out var target) || Text(target, "resource") != "secrets")
            {
                continue;
            }

            requests.Add(new AuditedRequest(
                root.TryGetProperty("user", out var user) ? Text(user, "username") ?? "" : "",
                Text(root, "verb") ?? "",
                Text(target, "namespace"),
                Text(target, "name"),
                Text(root, "requestURI") ?? ""));
        }

        return requests;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
