namespace Rotator.Testbed.Prometheus;

/// <summary>One rule as <c>/api/v1/rules</c> reports it: whether its last evaluation worked, and an alert's state.</summary>
/// <param name="Name">The alert (or recording rule) name.</param>
/// <param name="Health"><c>ok</c>, <c>err</c> or <c>unknown</c> (not evaluated yet).</param>
/// <param name="LastError">The evaluation error, empty when there was none.</param>
/// <param name="State">An alert's <c>inactive</c>, <c>pending</c> or <c>firing</c>.</param>
public sealed record PrometheusRuleState(string Name, string Health, string LastError, string State);
