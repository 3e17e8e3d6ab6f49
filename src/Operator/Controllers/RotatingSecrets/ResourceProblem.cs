namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Why a RotatingSecret is not Ready: a reason in CamelCase and a message a user can act on, never a value.</summary>
public sealed record ResourceProblem(string Reason, string Message);
