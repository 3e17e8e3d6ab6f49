using FluentAssertions;
using Rotator.Api;
using Rotator.CrdGen;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Resources;

/// <summary>docs/reference.md is generated from the CRD schema and kept current, like config/crds.</summary>
public sealed class ReferenceDocTests
{
    private static string CheckedInPath => Path.Combine(RepositoryRoot.Path, ReferenceGenerator.DefaultPath);

    [Fact]
    public void Checked_in_reference_matches_the_csharp_types()
    {
        File.ReadAllText(CheckedInPath).Should().Be(
            ReferenceGenerator.Render(), "docs/reference.md is stale: run `dotnet run --project src/Rotator.CrdGen -- reference`");
    }

    [Fact]
    public void Reference_lists_fields_with_type_requirement_validation_and_description()
    {
        var lines = ReferenceGenerator.Render().Split('\n');

        Row(lines, "spec.secretId").Should().Be("| `spec.secretId` | string | yes | 1 to 2048 characters | AWS Secrets Manager secret name or ARN. Subject to the namespace's tenancy policy. |");
        Row(lines, "spec.rotation.strategy").Should().Contain("string (enum)")
            .And.Contain(string.Join(", ", Enum.GetNames<RotationStrategy>().Select(n => $"`{n}`")))
            .And.Contain("MySQLAlternatingUsers: Alternate between the user");
        Row(lines, "spec.rotation.password.length").Should().Contain("integer (int32)").And.Contain("| 1 to 4096 |");
        Row(lines, "spec.rotation.schedule").Should().Contain("pattern `^(rate\\([1-9][0-9]* (minute\\|minutes", "a pipe in a pattern is escaped, or it would end the table cell");
        Row(lines, "spec.restart.targets[].kind").Should().Contain("`Deployment`");
        Row(lines, "status.conditions[].type").Should().NotBeNull();
    }

    [Fact]
    public void Every_schema_field_has_a_row()
    {
        var rendered = ReferenceGenerator.Render();
        var crd = CrdGenerator.Build();
        var version = (Dictionary<string, object>)((List<object>)((Dictionary<string, object>)crd["spec"])["versions"])[0];
        var root = (Dictionary<string, object>)((Dictionary<string, object>)version["schema"])["openAPIV3Schema"];
        var properties = (Dictionary<string, object>)root["properties"];

        Paths("spec", (Dictionary<string, object>)properties["spec"]).Concat(Paths("status", (Dictionary<string, object>)properties["status"]))
            .Should().NotBeEmpty().And.AllSatisfy(path => rendered.Should().Contain($"| `{path}` |"));
    }

    private static string? Row(string[] lines, string path) => lines.SingleOrDefault(l => l.StartsWith($"| `{path}` |", StringComparison.Ordinal));

    private static IEnumerable<string> Paths(string path, Dictionary<string, object> schema)
    {
        if (schema.GetValueOrDefault("items") is Dictionary<string, object> items)
        {
            return Paths(path + "[]", items);
        }

        return schema.GetValueOrDefault("properties") is Dictionary<string, object> fields
            ? fields.SelectMany(f => Paths($"{path}.{f.Key}", (Dictionary<string, object>)f.Value).Prepend($"{path}.{f.Key}"))
            : [];
    }
}
