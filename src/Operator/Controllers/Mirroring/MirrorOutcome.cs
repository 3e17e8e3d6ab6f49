namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>What <see cref="SecretMirror.ApplyAsync(Api.RotatingSecret, Rotation.Aws.SecretsManager.SecretValue, System.Threading.CancellationToken)"/> did to the target Secret.</summary>
public enum MirrorOutcome
{
    /// <summary>The Secret did not exist and was created.</summary>
    Created,

    /// <summary>The Secret differed and was rewritten (or recreated, when its type changed).</summary>
    Updated,

    /// <summary>The Secret already held the desired state; nothing was written.</summary>
    Unchanged,

    /// <summary>A Secret of that name exists, is not owned by this RotatingSecret and adoption is off; it was left untouched.</summary>
    NotOwned,
}
