namespace Rotator.Rotation.Abstractions;

/// <summary>
/// A strategy whose setSecret replaces the credential AWSCURRENT holds (MySQL single user, Directory Service
/// admin), so the old one stops working. Rolling back to AWSPREVIOUS must therefore set the old credential back
/// on the target (setSecret with the previous value as the pending one); strategies without this marker leave the
/// previous credential working, so a rollback only proves it still works and moves the labels.
/// </summary>
public interface IReplacesCurrentCredential
{
}
