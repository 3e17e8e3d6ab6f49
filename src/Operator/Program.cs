using Rotator.Operator.Hosting;
using Rotator.Operator.Resources.Crd;

// `rotator generate crds [--output DIR]` writes the CRD generated from the C# types; anything but the generate
// commands runs the operator.
if (args is ["generate", "crds", ..])
{
    var output = args.SkipWhile(a => a != "--output").Skip(1).FirstOrDefault() ?? Path.Combine("config", "crds");
    Directory.CreateDirectory(output);
    var path = Path.Combine(output, CrdGenerator.FileName);
    await File.WriteAllTextAsync(path, CrdGenerator.Render());
    Console.WriteLine($"wrote {path}");
    return 0;
}

// `rotator generate reference [--output FILE]` writes the field reference generated from the same schema.
if (args is ["generate", "reference", ..])
{
    var path = args.SkipWhile(a => a != "--output").Skip(1).FirstOrDefault() ?? ReferenceGenerator.DefaultPath;
    if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
    {
        Directory.CreateDirectory(directory);
    }

    await File.WriteAllTextAsync(path, ReferenceGenerator.Render());
    Console.WriteLine($"wrote {path}");
    return 0;
}

return await OperatorHost.RunAsync(args);
