namespace Rotator.Operator.Tests.Failover;

/// <summary>One API request from the audit log (metadata level: who, what, where; never a body).</summary>
internal sealed record AuditedRequest(string User, string Verb, string? Namespace, string? Name, string RequestUri)
{
    /// <summary>The request's <c>labelSelector</c> query parameter, decoded; null when it had none.</summary>
    public string? LabelSelector
    {
        get
        {
            var query = RequestUri.Split('?', 2) is [_, var q] ? q : "";
            return query.Split('&')
                .Select(p => p.Split('=', 2))
                .Where(p => p[0] == "labelSelector" && p.Length == 2)
                .Select(p => Uri.UnescapeDataString(p[1].Replace('+', ' ')))
                .FirstOrDefault();
        }
    }
}
