using System.Text.Json;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>Connection settings from the fields of a secret in AWS's format.</summary>
public sealed class MySqlSecretTests
{
    private const string Password = "s3cr'et\\pw";

    [Fact]
    public void Reads_every_field_and_defaults_to_port_3306_and_required_tls()
    {
        var secret = Parse("""{"engine":"mysql","host":"db.example","username":"app","password":"s3cr'et\\pw","dbname":"shop"}""");

        secret.Endpoint.Should().Be(new MySqlEndpoint("db.example", 3306, "shop", DatabaseTlsMode.Required));
        secret.Credentials.Should().Be(new MySqlCredentials("app", Password));
        secret.Engine.Should().Be("mysql");
    }

    [Theory]
    [InlineData("""{"port":3307}""", 3307)]
    [InlineData("""{"port":"3308"}""", 3308)]
    public void Reads_the_port_as_a_number_or_a_string(string extra, int port) =>
        Parse(Merge(extra)).Endpoint.Port.Should().Be(port);

    [Theory]
    [InlineData("""{"ssl":true}""", DatabaseTlsMode.Required)]
    [InlineData("""{"ssl":false}""", DatabaseTlsMode.Disabled)]
    [InlineData("""{"ssl":"verify_ca"}""", DatabaseTlsMode.VerifyCA)]
    [InlineData("""{"ssl":"VERIFY-IDENTITY"}""", DatabaseTlsMode.VerifyFull)]
    [InlineData("""{"ssl":"preferred"}""", DatabaseTlsMode.Preferred)]
    public void Reads_the_ssl_field(string extra, DatabaseTlsMode tls) => Parse(Merge(extra)).Endpoint.Tls.Should().Be(tls);

    [Fact]
    public void The_resource_tls_mode_wins_over_the_secret()
    {
        var secret = MySqlSecret.Parse(Json(Merge("""{"ssl":false}""")), DatabaseTlsMode.VerifyCA, "/ca.pem");

        secret.Endpoint.Tls.Should().Be(DatabaseTlsMode.VerifyCA);
        secret.Endpoint.CaFile.Should().Be("/ca.pem");
    }

    [Theory]
    [InlineData("""{"host":"h","username":"u"}""", "password")]
    [InlineData("""{"host":"h","username":"u","password":7}""", "password")]
    [InlineData("""{"host":"h","username":"u","password":"p","port":70000}""", "port")]
    [InlineData("""{"host":"h","username":"u","password":"p","ssl":"maybe"}""", "TLS mode")]
    public void Bad_fields_are_named_without_their_values(string json, string field)
    {
        var parse = () => MySqlSecret.Parse(Json(json));

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(field).And.NotContain("\"p\"");
    }

    [Theory]
    [InlineData("""{"host":"h","username":"u","password":"p","ssl":"s3cr3t-pasted-here"}""", "ssl")]
    [InlineData("""{"host":"h","username":"u","password":"\uD800s3cr3t-pasted-here"}""", "password")]
    [InlineData("""{"host":"h","username":"u","password":"p","port":"\uDFFFs3cr3t-pasted-here"}""", "port")]
    public void Unreadable_fields_throw_FormatException_naming_the_field_not_its_value(string json, string field)
    {
        var parse = () => MySqlSecret.Parse(Json(json));

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain($"'{field}'").And.NotContain("s3cr3t");
    }

    [Fact]
    public void Printing_a_secret_never_shows_the_password()
    {
        var secret = Parse(Merge("{}"));

        secret.ToString().Should().Contain("app").And.NotContain(Password);
        secret.Credentials.ToString().Should().NotContain(Password);
    }

    private static MySqlSecret Parse(string json) => MySqlSecret.Parse(Json(json));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Merge(string extra)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"host":"db.example","username":"app","password":"s3cr'et\\pw"}""")!;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(extra)!)
        {
            fields[key] = value;
        }

        return JsonSerializer.Serialize(fields);
    }
}
