using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Rotator.CrdGen;

/// <summary>
/// Reads the compiler's XML documentation next to the assembly, so the C# doc comments on the
/// resource types become the CRD's descriptions (what <c>kubectl explain</c> shows).
/// </summary>
public sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, string> summaries;

    private XmlDocumentation(Dictionary<string, string> summaries) => this.summaries = summaries;

    public static XmlDocumentation For(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"XML documentation {path} not found; build with GenerateDocumentationFile", path);
        }

        var summaries = XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => Flatten(m.Element("summary")!), StringComparer.Ordinal);
        return new XmlDocumentation(summaries);
    }

    public string? Of(Type type) => summaries.GetValueOrDefault($"T:{type.FullName}");

    public string? Of(PropertyInfo property) =>
        summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    public string? Of(Type enumType, string member) => summaries.GetValueOrDefault($"F:{enumType.FullName}.{member}");

    private static string Flatten(XElement summary)
    {
        // <c>x</c> and <see cref="T:A.B"/> read as plain words in kubectl explain.
        var text = string.Concat(summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } e => (e.Attribute("cref")?.Value ?? e.Attribute("langword")?.Value ?? "").Split('.')[^1],
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
