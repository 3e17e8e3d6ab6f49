using Rotator.CrdGen;

// `crds [--output DIR]` writes the CRD generated from Rotator.Api's types (default config/crds);
// `reference [--output FILE]` writes the field reference generated from the same schema (default docs/reference.md).
// Run from the repository root; CrdTests and ReferenceDocTests fail when the checked-in files differ.
var output = args.SkipWhile(a => a != "--output").Skip(1).FirstOrDefault();
switch (args)
{
    case ["crds", ..]:
        var directory = output ?? Path.Combine("config", "crds");
        Directory.CreateDirectory(directory);
        await WriteAsync(Path.Combine(directory, CrdGenerator.FileName), CrdGenerator.Render());
        return 0;
    case ["reference", ..]:
        var path = output ?? ReferenceGenerator.DefaultPath;
        if (Path.GetDirectoryName(path) is { Length: > 0 } parent)
        {
            Directory.CreateDirectory(parent);
        }

        await WriteAsync(path, ReferenceGenerator.Render());
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: rotator-crdgen crds [--output DIR] | reference [--output FILE]");
        return 2;
}

static async Task WriteAsync(string path, string content)
{
    await File.WriteAllTextAsync(path, content);
    Console.WriteLine($"wrote {path}");
}
