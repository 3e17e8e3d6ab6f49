namespace Rotator.Operator.Hosting;

/// <summary>Where the operator process is in its life.</summary>
public enum OperatorPhase
{
    /// <summary>Resolving the configuration and checking the API server.</summary>
    Starting,

    /// <summary>Informers, event recorder and leader election are running.</summary>
    Running,

    /// <summary>A graceful shutdown has begun.</summary>
    Stopping,

    /// <summary>Start-up failed or a loop died; the process is on its way out with exit code 1.</summary>
    Failed,
}
