namespace Rotator.Operator.Tests.Image;

/// <summary>One <c>FROM ... AS name</c> stage of the Dockerfile: its instructions in order, continuation lines joined.</summary>
internal sealed record DockerfileStage(string Name, string BaseImage, IReadOnlyList<(string Instruction, string Arguments)> Instructions)
{
    /// <summary>The arguments of every instruction of this kind (upper case), in order.</summary>
    public IReadOnlyList<string> All(string instruction) =>
        [.. Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments)];

    /// <summary>The arguments of the one instruction of this kind; the test relies on there being exactly one.</summary>
    public string Single(string instruction) => All(instruction) switch
    {
        [var only] => only,
        var found => throw new InvalidOperationException($"stage {Name}: expected one {instruction}, found {found.Count}"),
    };

    /// <summary>
    /// The <c>ENV</c> settings, from <c>KEY=value</c> pairs separated by spaces (the only form used; values
    /// with spaces or quotes are refused, so a later change cannot be misread here).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in All("ENV").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || pair.Contains('"', StringComparison.Ordinal) || pair.Contains('\'', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"stage {Name}: ENV {pair} is not a plain KEY=value");
            }

            settings[pair[..equals]] = pair[(equals + 1)..];
        }

        return settings;
    }

    /// <summary>The stages of a Dockerfile's text, in order.</summary>
    public static IReadOnlyList<DockerfileStage> Parse(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var stages = new List<DockerfileStage>();
        List<(string, string)>? current = null;
        foreach (var line in LogicalLines(dockerfile))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : line[(space + 1)..].Trim();
            if (instruction == "FROM")
            {
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = words is [_, var aS, var n] && aS.Equals("AS", StringComparison.OrdinalIgnoreCase) ? n : $"stage{stages.Count}";
                current = [];
                stages.Add(new DockerfileStage(name, words[0], current));
            }
            else
            {
                (current ?? throw new InvalidOperationException($"{instruction} before the first FROM")).Add((instruction, arguments));
            }
        }

        return stages;
    }

    // Comments (# at the start of a line, including the syntax directive) dropped, "\" continuations joined.
    private static IEnumerable<string> LogicalLines(string dockerfile)
    {
        var pending = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length > 0)
            {
                yield return whole;
            }
        }
    }
}
