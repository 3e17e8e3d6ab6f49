using System.Text;
using FluentAssertions;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Tests.Controllers;

public sealed class SecretDataRendererTests
{
    private static SecretValue Json(string json) => new() { Name = "shop/orders-db", VersionId = "v1", SecretString = json };

    [Fact]
    public void Mirrors_every_field_with_numbers_as_text()
    {
        var data = SecretDataRenderer.Render(Json("""{"username":"app","password":"p@ss","port":3306,"ssl":true}"""), null, null);
        Text(data).Should().BeEquivalentTo(new Dictionary<string, string> { ["username"] = "app", ["password"] = "p@ss", ["port"] = "3306", ["ssl"] = "true" });
    }

    [Fact]
    public void Keys_map_fields_and_templates_compute_url_encoded_values()
    {
        var data = SecretDataRenderer.Render(
            Json("""{"username":"app","password":"p@ss/w:rd","host":"db","port":3306,"dbname":"orders"}"""),
            new Dictionary<string, string> { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" },
            new Dictionary<string, string> { ["DATABASE_URL"] = "mysql://{{ username }}:{{ password | urlencode }}@{{ host }}:{{port}}/{{ dbname }}" });

        Text(data).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["DB_USER"] = "app",
            ["DB_PASSWORD"] = "p@ss/w:rd",
            ["DATABASE_URL"] = "mysql://app:p%40ss%2Fw%3Ard@db:3306/orders",
        });
    }

    [Fact]
    public void A_string_that_is_not_json_is_mirrored_whole_and_binary_byte_for_byte()
    {
        Text(SecretDataRenderer.Render(Json("just-a-token"), null, null)).Should().Equal(new Dictionary<string, string> { ["value"] = "just-a-token" });
        var bytes = new byte[] { 0, 255, 1, 128 };
        SecretDataRenderer.Render(new SecretValue { Name = "b", VersionId = "v", SecretBinary = bytes }, null, null)["value"].Should().Equal(bytes);
    }

    [Fact]
    public void Binary_goes_byte_for_byte_under_the_binary_key_and_text_stays_under_value()
    {
        // Not UTF-8: any decoding on the way would turn these into replacement characters.
        byte[] bytes = [0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80];
        var data = SecretDataRenderer.Render(new SecretValue { Name = "b", VersionId = "v", SecretBinary = bytes }, null, null, "keystore.p12");

        data.Should().ContainSingle().Which.Key.Should().Be("keystore.p12");
        data["keystore.p12"].Should().Equal(bytes);
        Text(SecretDataRenderer.Render(Json("just-a-token"), null, null, "keystore.p12")).Should().Equal(
            new Dictionary<string, string> { ["value"] = "just-a-token" }, "binaryKey is for SecretBinary only");
    }

    [Fact]
    public void Binary_with_keys_or_a_template_is_refused_naming_the_settings_not_the_bytes()
    {
        // Bytes that happen to be a JSON object: still binary, never decoded to look for fields.
        var binary = new SecretValue { Name = "shop/keystore", VersionId = "v7", SecretBinary = Encoding.UTF8.GetBytes("""{"password":"hunter2-secret"}""") };
        var keys = () => SecretDataRenderer.Render(binary, new Dictionary<string, string> { ["password"] = "PASSWORD" }, null);
        var template = () => SecretDataRenderer.Render(binary, null, new Dictionary<string, string> { ["URL"] = "{{ password }}" });

        foreach (var render in new[] { keys, template })
        {
            var error = render.Should().Throw<MirrorException>().Which;
            error.Reason.Should().Be("SecretNotJson");
            error.Message.Should().Contain("shop/keystore").And.Contain("v7").And.Contain("binary (SecretBinary)").And.Contain("target.keys and target.template")
                .And.NotContain("hunter2-secret");
        }
    }

    [Fact]
    public void Errors_name_fields_but_never_values()
    {
        var secret = Json("""{"username":"app","password":"hunter2-secret"}""");
        var missing = () => SecretDataRenderer.Render(secret, new Dictionary<string, string> { ["token"] = "TOKEN" }, null);
        missing.Should().Throw<MirrorException>().Which.Message.Should().Contain("'token'").And.NotContain("hunter2-secret");

        var notJson = () => SecretDataRenderer.Render(Json("{not json hunter2-secret"), new Dictionary<string, string> { ["a"] = "b" }, null);
        notJson.Should().Throw<MirrorException>().Which.Message.Should().NotContain("hunter2-secret");

        var filter = () => SecretDataRenderer.Render(secret, null, new Dictionary<string, string> { ["X"] = "{{ password | shout }}" });
        filter.Should().Throw<MirrorException>().Which.Message.Should().Contain("shout").And.NotContain("hunter2-secret");
    }

    private static Dictionary<string, string> Text(IReadOnlyDictionary<string, byte[]> data) =>
        data.ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(p.Value));
}
