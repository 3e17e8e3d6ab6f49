using Rotator.Api;
using Rotator.Operator.Runtime.Informers;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// A cached RotatingSecret's condition types, statuses and reasons come from a handful of constants; pooled,
/// every resource shares them instead of holding three copies of each (the messages stay: they name the resource).
/// </summary>
public sealed class RotatingSecretCompactor : ICacheCompactor<RotatingSecret>
{
    public void Compact(RotatingSecret item, StringPool strings)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(strings);
        if (item.Status?.Conditions is not { Count: > 0 } conditions)
        {
            return;
        }

        item.Status = item.Status with
        {
            Conditions = [.. conditions.Select(c => c with
            {
                Type = strings.Intern(c.Type)!,
                Status = strings.Intern(c.Status)!,
                Reason = strings.Intern(c.Reason)!,
            })],
        };
    }
}
