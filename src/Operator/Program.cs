using Rotator.Operator.Hosting;
using Rotator.Operator.Resources.Crd;

// `rotator generate crds [--output DIR]` writes the CRD generated from the C# types; anything else runs the operator.
if (args is ["generate", "crds", ..])
{
    var output = args.SkipWhile(a => a != "--output").Skip(1).FirstOrDefault() ?? Path.Combine("config", "crds");
    Directory.CreateDirectory(output);
    var path = Path.Combine(output, CrdGenerator.FileName);
    await File.WriteAllTextAsync(path, CrdGenerator.Render());
    Console.WriteLine($"wrote {path}");
    return 0;
}

return await OperatorHost.RunAsync(args);
