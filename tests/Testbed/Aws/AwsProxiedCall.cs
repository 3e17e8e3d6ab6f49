namespace Rotator.Testbed.Aws;

/// <summary>One request an <see cref="AwsFaultProxy"/> handled.</summary>
/// <param name="Operation">The operation from <c>X-Amz-Target</c> (<c>PutSecretValue</c>), or "" when there was none.</param>
/// <param name="Fault">What the proxy did with it.</param>
public sealed record AwsProxiedCall(string Operation, AwsFault Fault);
