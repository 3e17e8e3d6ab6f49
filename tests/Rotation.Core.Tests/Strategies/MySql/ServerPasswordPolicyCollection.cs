namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Tests that switch on a server-wide password policy. It judges every account change on that server, so they run
/// alone, after the parallel tests, instead of failing other tests' CREATE USER.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerPasswordPolicyCollection
{
    public const string Name = "server password policy";
}
