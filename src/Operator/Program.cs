using Rotator.Operator.Hosting;

return await OperatorHost.RunAsync(args);
