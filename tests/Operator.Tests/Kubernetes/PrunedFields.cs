using System.Text.Json.Nodes;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>
/// What a 1.20 API server silently prunes: fields its schema does not know are dropped from a created object
/// instead of refused, so a misspelt field in a manifest would pass a dry run unless the answer is compared.
/// </summary>
internal static class PrunedFields
{
    /// <summary>Paths of fields that were sent but are missing from the server's answer.</summary>
    public static IEnumerable<string> Of(JsonNode? sent, JsonNode? answer, string path = "")
    {
        switch (sent)
        {
            case JsonObject fields:
                foreach (var (name, value) in fields)
                {
                    var kept = answer is JsonObject o && o.ContainsKey(name) ? o[name] : null;
                    if (kept is null && value is not null)
                    {
                        yield return $"{path}.{name}";
                        continue;
                    }

                    foreach (var missing in Of(value, kept, $"{path}.{name}"))
                    {
                        yield return missing;
                    }
                }

                break;
            case JsonArray items:
                var answered = answer as JsonArray;
                for (var i = 0; i < items.Count; i++)
                {
                    foreach (var missing in Of(items[i], answered is not null && i < answered.Count ? answered[i] : null, $"{path}[{i}]"))
                    {
                        yield return missing;
                    }
                }

                break;
        }
    }
}
