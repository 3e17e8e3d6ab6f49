namespace Rotator.Api;

/// <summary>Patterns the CRD schema enforces, so <c>kubectl apply</c> rejects bad input before the operator sees it.</summary>
public static class SchemaPatterns
{
    /// <summary>AWS schedule syntax: <c>rate(N minutes|hours|days)</c> or <c>cron(m h dom mon dow year)</c>.</summary>
    public const string Schedule = @"^(rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)|cron\([^()]+( [^()]+){5}\))$";

    /// <summary>A Go-style duration such as <c>90s</c>, <c>5m</c>, <c>2h30m</c>.</summary>
    public const string Duration = @"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$";

    /// <summary>AWS region names, e.g. <c>eu-west-1</c>, <c>us-gov-west-1</c>.</summary>
    public const string Region = @"^[a-z]{2}(-[a-z]+)+-[0-9]+$";

    /// <summary>An IAM role ARN in any partition.</summary>
    public const string RoleArn = @"^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$";

    /// <summary>A Directory Service directory id.</summary>
    public const string DirectoryId = @"^d-[0-9a-f]{10}$";

    /// <summary>A Kubernetes object name (DNS subdomain).</summary>
    public const string ObjectName = @"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    /// <summary>A Secret data key.</summary>
    public const string SecretKey = @"^[-._a-zA-Z0-9]+$";
}
