namespace Rotator.Operator.Metrics;

/// <summary>A child of a family with its label pairs rendered (and escaped) once, when it was created.</summary>
internal sealed record LabelledChild<TChild>(string Labels, TChild Child);
