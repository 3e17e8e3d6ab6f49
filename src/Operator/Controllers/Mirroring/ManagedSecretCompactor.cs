using k8s.Models;
using Rotator.Operator.Runtime.Informers;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// A cached managed Secret's type and data keys repeat from Secret to Secret (<c>Opaque</c>, <c>username</c>,
/// <c>password</c>); pooled, every Secret shares them. The data itself stays: the mirror compares it.
/// </summary>
public sealed class ManagedSecretCompactor : ICacheCompactor<V1Secret>
{
    public void Compact(V1Secret item, StringPool strings)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(strings);
        item.Type = strings.Intern(item.Type);
        item.Data = strings.InternKeys(item.Data, value => value);
    }
}
