using System.Globalization;
using Rotator.Rotation.Ldap;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>How a retried bind ended: the last answer, how many binds it took and how long they took.</summary>
internal sealed record BindAttempts(LdapBindResult Last, int Count, TimeSpan Elapsed)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Count} attempt{(Count == 1 ? string.Empty : "s")} over {Elapsed.TotalSeconds:0.#}s");
}
