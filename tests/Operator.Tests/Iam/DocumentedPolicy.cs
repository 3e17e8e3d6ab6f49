using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Iam;

/// <summary>The IAM policy the README gives for the operator's role ("Install with Helm"), read from the document itself.</summary>
internal static partial class DocumentedPolicy
{
    /// <summary>Every action of every Allow statement, e.g. <c>secretsmanager:PutSecretValue</c>, keyed by the statement's Sid.</summary>
    public static IReadOnlyDictionary<string, string> ActionsBySid()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var policies = JsonBlock().Matches(readme).Select(m => m.Groups["json"].Value).Where(j => j.Contains("\"Statement\"", StringComparison.Ordinal)).ToList();
        if (policies.Count != 1)
        {
            throw new InvalidOperationException($"README.md should hold exactly one IAM policy (a ```json block with a Statement); found {policies.Count}");
        }

        var actions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var statement in JsonNode.Parse(policies[0])!["Statement"]!.AsArray())
        {
            if ((string?)statement!["Effect"] != "Allow")
            {
                continue;
            }

            var sid = (string?)statement["Sid"] ?? "";
            var action = statement["Action"]!;
            foreach (var name in action is JsonArray list ? list.Select(a => (string)a!) : [(string)action!])
            {
                actions[name] = sid;
            }
        }

        return actions;
    }

    [GeneratedRegex("```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
