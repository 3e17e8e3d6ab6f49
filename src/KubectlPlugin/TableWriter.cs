namespace Rotator.KubectlPlugin;

/// <summary>Left-aligned columns separated by three spaces, like kubectl get.</summary>
public sealed class TableWriter(IReadOnlyList<string> headers)
{
    private readonly List<IReadOnlyList<string>> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths)
    {
        var padded = cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]));
        output.WriteLine(string.Join("   ", padded).TrimEnd());
    }
}
