using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>
/// The metric tables in docs/configuration.md (every family) and docs/operations.md (the ones to watch)
/// are a contract with dashboards and alerts: each name, type and label set they list is what a scrape holds.
/// </summary>
public sealed partial class MetricsDocumentationTests
{
    [Theory]
    [InlineData("docs/configuration.md")]
    [InlineData("docs/operations.md")]
    public async Task Every_documented_family_is_exported_with_its_type_and_labels(string document)
    {
        var documented = DocumentedFamilies(document);
        var parsed = ExpositionParser.Parse(await EveryFamily.RenderAsync(TestContext.Current.CancellationToken));

        documented.Should().NotBeEmpty();
        foreach (var family in documented)
        {
            parsed.Types.Should().ContainKey(family.Name, $"{document} lists it");
            family.Types.Should().Contain(parsed.Types[family.Name], $"{document} gives the type of {family.Name}");
            var samples = parsed.Samples.Where(s => s.Name == family.Name || (parsed.Types[family.Name] == "histogram" && s.Name.StartsWith(family.Name + "_", StringComparison.Ordinal))).ToList();
            samples.Should().NotBeEmpty();
            samples.Should().AllSatisfy(s => s.Labels.Keys.Where(l => l != "le").Should().BeEquivalentTo(family.Labels, $"{document} gives the labels of {family.Name}"));
        }
    }

    [Fact]
    public async Task Every_exported_family_is_documented_in_the_configuration_reference()
    {
        var documented = DocumentedFamilies("docs/configuration.md").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var parsed = ExpositionParser.Parse(await EveryFamily.RenderAsync(TestContext.Current.CancellationToken));

        parsed.Types.Keys.Should().OnlyContain(name => documented.Contains(name), "a family a dashboard can use is in docs/configuration.md#metrics");
    }

    private static List<DocumentedFamily> DocumentedFamilies(string document)
    {
        var families = new List<DocumentedFamily>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryRoot.Path, document)))
        {
            var cells = line.Split('|');
            if (cells.Length < 5 || !cells[1].TrimStart().StartsWith('`'))
            {
                continue;
            }

            var types = TypeWord().Matches(cells[2]).Select(m => m.Value).ToList();
            if (types.Count == 0)
            {
                continue;
            }

            var labels = Quoted().Matches(cells[3]).Select(m => m.Groups[1].Value).ToList();
            families.AddRange(Quoted().Matches(cells[1]).Select(m => new DocumentedFamily(m.Groups[1].Value, types, labels)));
        }

        return families;
    }

    [GeneratedRegex(@"\b(counter|gauge|histogram)\b")]
    private static partial Regex TypeWord();

    [GeneratedRegex(@"`([a-z_:][a-z0-9_:]*)`")]
    private static partial Regex Quoted();

    private sealed record DocumentedFamily(string Name, IReadOnlyList<string> Types, IReadOnlyList<string> Labels);
}
