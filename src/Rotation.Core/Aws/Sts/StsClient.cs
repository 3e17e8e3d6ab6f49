using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;

namespace Rotator.Rotation.Aws.Sts;

/// <summary>
/// The two STS operations we need, in STS's Query protocol (form-encoded POST, XML answer): AssumeRole
/// with session tags and an external id, and GetCallerIdentity. Same transport (retries, observation)
/// as the JSON services.
/// </summary>
public sealed class StsClient
{
    private const string ApiVersion = "2011-06-15";
    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private readonly AwsTransport transport;
    private readonly AwsServiceEndpoint endpoint;

    /// <param name="transport">The shared transport.</param>
    /// <param name="endpoint">STS's endpoint, e.g. from <c>AwsEndpointResolver.Resolve(AwsService.Sts, settings)</c>.</param>
    public StsClient(AwsTransport transport, AwsServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(transport);
        this.transport = transport;
        this.endpoint = AwsServiceEndpoint.Expect(endpoint, AwsService.Sts);
    }

    /// <summary>Assumes <see cref="AssumeRoleSettings.RoleArn"/> as <paramref name="caller"/>.</summary>
    public async Task<AssumedRole> AssumeRoleAsync(AssumeRoleSettings settings, IAwsCredentialSource caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "AssumeRole"),
            new("Version", ApiVersion),
            new("RoleArn", settings.RoleArn),
            new("RoleSessionName", settings.SessionName),
            new("DurationSeconds", ((int)settings.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        };
        if (settings.ExternalId is { Length: > 0 } externalId)
        {
            form.Add(new("ExternalId", externalId));
        }

        var index = 1;
        foreach (var (key, value) in settings.SessionTags)
        {
            form.Add(new($"Tags.member.{index}.Key", key));
            form.Add(new($"Tags.member.{index}.Value", value));
            index++;
        }

        var body = await SendAsync("AssumeRole", form, caller, cancellationToken);
        try
        {
            const string op = "AssumeRole";
            var root = StsXml.Parse(body, op);
            string Get(params string[] path) => StsXml.Required(root, op, ["AssumeRoleResult", .. path]);
            var credentials = new AwsCredentials(
                Get("Credentials", "AccessKeyId"),
                Get("Credentials", "SecretAccessKey"),
                Get("Credentials", "SessionToken"),
                StsXml.Timestamp(Get("Credentials", "Expiration"), op));
            return new AssumedRole(credentials, Get("AssumedRoleUser", "Arn"), Get("AssumedRoleUser", "AssumedRoleId"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <summary>Who <paramref name="caller"/>'s credentials belong to.</summary>
    public async Task<CallerIdentity> GetCallerIdentityAsync(IAwsCredentialSource caller, CancellationToken cancellationToken)
    {
        const string op = "GetCallerIdentity";
        var body = await SendAsync(op, [new("Action", op), new("Version", ApiVersion)], caller, cancellationToken);
        var root = StsXml.Parse(body, op);
        string Get(string name) => StsXml.Required(root, op, "GetCallerIdentityResult", name);
        return new CallerIdentity(Get("Account"), Get("Arn"), Get("UserId"));
    }

    private Task<byte[]> SendAsync(string operation, IReadOnlyList<KeyValuePair<string, string>> form, IAwsCredentialSource caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var encoded = string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return transport.SendAsync(
            endpoint, operation, FormContentType, target: null, Encoding.UTF8.GetBytes(encoded), caller,
            isWrite: false, StsXml.ReadError, cancellationToken);
    }
}
