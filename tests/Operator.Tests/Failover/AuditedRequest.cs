namespace Rotator.Operator.Tests.Failover;

/// <summary>One API request from the audit log (metadata level: who, what, where; never a body).</summary>
internal sealed record AuditedRequest(string User, string Verb, string? Namespace, string? Name, string RequestUri)
{
    /// <summary>The API group ("" for the core group).</summary>
    public string Group { get; init; } = "";

    public string Resource { get; init; } = "";

    /// <summary><c>status</c> for a write to the status subresource; null for the object itself.</summary>
    public string? Subresource { get; init; }

    /// <summary><c>ResponseComplete</c>, <c>ResponseStarted</c> (a watch, when it began) or <c>Panic</c>.</summary>
    public string Stage { get; init; } = "";

    /// <summary>The HTTP status code of the answer (403 when RBAC denied it).</summary>
    public int? Code { get; init; }

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
