using Serilog.Core;
using Serilog.Events;

namespace Rotator.Operator.Hosting;

/// <summary>
/// Puts "namespace/name: " in front of plain-text lines logged inside a reconcile (whose scope carries
/// <c>Namespace</c> and <c>Name</c>), so every line about a resource says which one; JSON lines carry
/// the two properties themselves.
/// </summary>
internal sealed class ResourceEnricher : ILogEventEnricher
{
    public const string PropertyName = "Resource";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        if (logEvent.Properties.TryGetValue("Namespace", out var ns) && logEvent.Properties.TryGetValue("Name", out var name)
            && ns is ScalarValue { Value: string n } && name is ScalarValue { Value: string o })
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, $"{n}/{o}: "));
        }
    }
}
