using Rotator.KubectlPlugin;

return await PluginCli.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, CancellationToken.None);
