using System.Globalization;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Text.Json;

namespace Rotator.Testbed.DirectoryService;

/// <summary>
/// What <c>ResetUserPassword</c> and <c>DescribeDirectories</c> do, with AWS's validation order and error types.
/// Messages name directories and users, never the password.
/// </summary>
internal sealed class StandInOperations
{
    private readonly IReadOnlyList<StandInDirectory> directories;
    private readonly DirectoryServiceStandInOptions options;

    public StandInOperations(IReadOnlyList<StandInDirectory> directories, DirectoryServiceStandInOptions options)
    {
        this.directories = directories;
        this.options = options;
    }

    public byte[] Invoke(string operation, JsonElement body) => operation switch
    {
        "ResetUserPassword" => ResetUserPassword(body),
        "DescribeDirectories" => DescribeDirectories(body),
        _ => throw new DirectoryServiceFault("UnknownOperationException", $"The stand-in does not implement {operation}."),
    };

    private byte[] ResetUserPassword(JsonElement body)
    {
        var directoryId = Required(body, "DirectoryId");
        var userName = Required(body, "UserName");
        var newPassword = Required(body, "NewPassword", allowEmpty: true);
        var length = newPassword.EnumerateRunes().Count();
        if (length is < 1 or > 127)
        {
            throw new DirectoryServiceFault("InvalidPasswordException", $"The new password must be 1 to 127 characters long; it has {length}.");
        }

        var directory = Find(directoryId);
        var admin = new LdapAdmin(directory.Ldap);
        var dn = admin.FindUser(userName)
            ?? throw new DirectoryServiceFault("UserDoesNotExistException", $"User {userName} does not exist in directory {directoryId}.");
        try
        {
            admin.SetPassword(dn, newPassword);
        }
        catch (DirectoryException e)
        {
            throw new DirectoryServiceFault(
                "ServiceException", $"The directory did not take the new password ({e.GetType().Name}).", HttpStatusCode.InternalServerError);
        }

        return "{}"u8.ToArray();
    }

    private byte[] DescribeDirectories(JsonElement body)
    {
        var selected = body.TryGetProperty("DirectoryIds", out var ids) && ids.ValueKind == JsonValueKind.Array && ids.GetArrayLength() > 0
            ? ids.EnumerateArray().Select(id => Find(id.GetString() ?? string.Empty)).ToList()
            : directories.ToList();
        var start = 0;
        if (body.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String
            && (!int.TryParse(token.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > selected.Count))
        {
            throw new DirectoryServiceFault("InvalidNextTokenException", "The NextToken value is not valid.");
        }

        var pageSize = options.PageSize;
        if (body.TryGetProperty("Limit", out var limit) && limit.ValueKind == JsonValueKind.Number)
        {
            pageSize = Math.Min(pageSize, limit.GetInt32() is > 0 and var l ? l : throw new DirectoryServiceFault("InvalidParameterException", "Limit must be positive."));
        }

        var page = selected.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < selected.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("DirectoryDescriptions");
            var launched = options.Time.GetUtcNow().AddDays(-30).ToUnixTimeSeconds();
            foreach (var directory in page)
            {
                json.WriteStartObject();
                json.WriteString("DirectoryId", directory.DirectoryId);
                json.WriteString("Name", directory.Name);
                json.WriteString("ShortName", directory.ShortName);
                json.WriteString("Description", "Directory Service stand-in");
                json.WriteString("Edition", "Standard");
                json.WriteStartArray("DnsIpAddrs");
                foreach (var address in directory.DnsIpAddrs)
                {
                    json.WriteStringValue(address);
                }

                json.WriteEndArray();
                json.WriteString("Stage", "Active");
                json.WriteNumber("LaunchTime", launched);
                json.WriteString("Type", "MicrosoftAD");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (next is not null)
            {
                json.WriteString("NextToken", next);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private StandInDirectory Find(string directoryId) =>
        directories.FirstOrDefault(d => d.DirectoryId == directoryId)
        ?? throw new DirectoryServiceFault("EntityDoesNotExistException", $"Directory {directoryId} does not exist.");

    private static string Required(JsonElement body, string name, bool allowEmpty = false)
    {
        if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && (allowEmpty || value.GetString()!.Length > 0))
        {
            return value.GetString()!;
        }

        throw new DirectoryServiceFault("InvalidParameterException", $"{name} is required and must be a non-empty string.");
    }
}
