namespace Rotator.Operator.Controllers.Restarts;

/// <summary>Which consumers a change restarts.</summary>
[Flags]
public enum RestartScope
{
    /// <summary>None: the consumers already hold the data, or <c>restart.when</c> says the change does not matter.</summary>
    None = 0,

    /// <summary>The workloads named in <c>restart.targets</c>.</summary>
    Explicit = 1,

    /// <summary>The workloads found by <c>restart.discover</c> (their pod templates reference the Secret).</summary>
    Discovered = 2,

    /// <summary>Both.</summary>
    All = Explicit | Discovered,
}
