using System.Text.Json.Nodes;

namespace Rotator.Operator.Tests.Fuzz;

/// <summary>
/// Generates RotatingSecret manifests: a valid one for a random strategy, then a few mutations from a catalogue of
/// hostile values per field (wrong JSON types, missing and unknown fields, huge and unicode strings, negative and
/// overflowing durations, schedules that never fire or cannot parse, malformed ARNs, unknown enum names).
/// </summary>
/// <param name="random">The case's seeded source.</param>
internal sealed class SpecFuzzer(Random random)
{
    private static readonly string[] Strategies = ["MySQLSingleUser", "MySQLAlternatingUsers", "DirectoryServiceAdmin", "RandomValue", "AwsManaged", "None"];

    private static readonly (string Path, Func<Random, JsonNode?>[] Values)[] Catalogue =
    [
        ("spec.secretId", [S(""), S(" "), Long('a', 2048), Long('a', 2049), S("ns/ok"), S("arn:aws:secretsmanager:us-east-1:123456789012:secret:ns/x-AbCdEf"), S("arn:aws:"), S("ключ/🔑"), S("a\u0000b"), N(5), Null, Arr]),
        ("spec.region", [S("eu-west-1"), S("EU-WEST-1"), S("mars-1"), S(""), N(7), S("us-gov-west-1")]),
        ("spec.roleArn", [S("arn:aws:iam::123456789012:role/x"), S("arn:aws:iam::1234:role/x"), S("arn:aws-cn:iam::123456789012:role/") , S("not-an-arn"), Long('r', 5000)]),
        ("spec.rotation.strategy", [.. Strategies.Select(S), S("mysqlsingleuser"), S("Bogus"), S(""), N(0), N(3), N(99), N(-1), Null, B(true)]),
        ("spec.rotation.schedule", [S("rate(1 day)"), S("rate(1 days)"), S("rate(0 minutes)"), S("rate(99999999999999999999 days)"), S("rate(1001 days)"), S("rate(-5 minutes)"),
            S("cron(0 0 * * ? *)"), S("cron(0 0 30 2 ? *)"), S("cron(0 0 31 4 ? *)"), S("cron(61 25 * * ? *)"), S("cron(* * * * * *)"), S("cron(0 0 ? * MON#5 *)"), S("cron(0/0 * * * ? *)"),
            S("cron(0 0 L * ? 2199)"), S("cron(0 0 1 1 ? 1969)"), S("cron(0 0 1 1 ? 2300)"), S("cron(a b c d e f)"), S("cron(0 0 ? * 8 *)"), S("cron(59-0 * * * ? *)"), S(""), S("every day"),
            r => S("cron(" + string.Join(',', Enumerable.Range(0, 60)) + " * * * ? *)")(r), r => S("cron(0 0 * * ? " + string.Join(',', Enumerable.Range(1970, 230)) + ")")(r), N(1)]),
        ("spec.rotation.window", [S("2h"), S("-5m"), S("0h"), S("1000000h"), S("1h30m"), S("5s"), S("1.5h"), S("24001h"), S("")]),
        ("spec.refreshInterval", [S("10s"), S("9s"), S("9999ms"), S("0s"), S("-1s"), S("1e3s"), S("9999999999999999h"), S("0.0001ms"), S("1h1h1h"), S("500ms"), S(""), S("5"), N(5), S("1.5h")]),
        ("spec.rotation.rotateOnCreate", [B(true), B(false), S("true"), N(1), Null]),
        ("spec.rotation.suspend", [B(true), S("yes"), Null]),
        ("spec.rotation.password.length", [N(0), N(-1), N(1), N(4), N(4096), N(4097), N(2147483648), r => JsonValue.Create(1.5), S("32")]),
        ("spec.rotation.password.excludeCharacters", [S(new string([.. Enumerable.Range(33, 94).Select(i => (char)i)])), S("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), Long('x', 4097), S("é🔑"), S("")]),
        ("spec.rotation.password.excludeNumbers", [B(true), S("true")]),
        ("spec.rotation.password.excludePunctuation", [B(true)]),
        ("spec.rotation.password.excludeUppercase", [B(true)]),
        ("spec.rotation.password.excludeLowercase", [B(true)]),
        ("spec.rotation.password.includeSpace", [B(true)]),
        ("spec.rotation.password.requireEachIncludedType", [B(false), B(true)]),
        ("spec.rotation.password", [Null, Arr, S("strong")]),
        ("spec.rotation.mysql.masterSecretId", [S("ns/admin"), S(""), Long('m', 2049)]),
        ("spec.rotation.mysql.tls", [S("Required"), S("VerifyCA"), S("VerifyFull"), S("Disabled"), S("bogus"), N(2)]),
        ("spec.rotation.mysql.dualPassword", [B(true), B(false)]),
        ("spec.rotation.directoryService.directoryId", [S("d-1234567890"), S("d-XYZ"), S("")]),
        ("spec.rotation.directoryService.verify.url", [S("ldaps://dc1.example"), S("http://x"), S("ldap://"), S("ldaps://[::1")]),
        ("spec.rotation.directoryService.verify.tls", [S("VerifyFull"), S("Disabled"), S("VerifyCA"), S("bogus"), B(true)]),
        ("spec.rotation.directoryService.verify.bindDn", [S("{username}@{directoryName}"), S("{bogus}"), S("{"), S("CN={username},DC=x"), Long('b', 1025)]),
        ("spec.rotation.randomValue.field", [S(""), S("apiKey"), Long('f', 257)]),
        ("spec.rotation.randomValue", [r => new JsonObject(), Null]),
        ("spec.target.name", [S("Bad_Name"), S(""), Long('n', 254), S("ok-name"), S("-bad")]),
        ("spec.target.keys", [r => new JsonObject { ["password"] = "DB_PASSWORD" }, r => new JsonObject { ["a"] = "b/c" }, r => new JsonObject { ["a"] = null }, r => new JsonObject { [""] = "" }, Arr]),
        ("spec.target.template", [r => new JsonObject { ["url"] = "{{ password | bogus }}" }, r => new JsonObject { ["x"] = 5 }]),
        ("spec.target.type", [S("kubernetes.io/tls"), S(""), Long('t', 300)]),
        ("spec.target.deletionPolicy", [S("Retain"), S("Delete"), S("Orphan"), N(1)]),
        ("spec.target.adopt", [B(true), S("no")]),
        ("spec.target", [Null, S("secret")]),
        ("spec.restart.targets", [r => new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = "web" }), r => new JsonArray(new JsonObject { ["kind"] = "Pod" }), r => new JsonArray((JsonNode?)null), S("web")]),
        ("spec.restart.when", [S("Never"), S("AnyChange"), S("UsernameChange"), S("bogus")]),
        ("spec.restart.waitForRollout", [B(false), N(0)]),
        ("spec.restart.discover", [B(true)]),
        ("spec.bogus", [S("x"), r => new JsonObject { ["nested"] = true }]),
        ("spec.rotation.bogus", [N(1)]),
        ("spec.rotation", [Null, Arr, S("MySQLSingleUser"), r => new JsonObject()]),
        ("spec", [Null, Arr, S("spec"), r => new JsonObject()]),
    ];

    /// <summary>A manifest with <paramref name="mutations"/> hostile changes to a valid one.</summary>
    public JsonObject Next(int mutations)
    {
        var strategy = Strategies[random.Next(Strategies.Length)];
        var rotation = new JsonObject { ["strategy"] = strategy };
        switch (strategy)
        {
            case "MySQLSingleUser" or "MySQLAlternatingUsers":
                rotation["mysql"] = new JsonObject { ["tls"] = "Required" };
                break;
            case "DirectoryServiceAdmin":
                rotation["directoryService"] = new JsonObject { ["directoryId"] = "d-1234567890" };
                break;
            case "RandomValue":
                rotation["randomValue"] = new JsonObject { ["field"] = "apiKey" };
                break;
        }

        if (random.Next(2) == 0)
        {
            rotation["schedule"] = "rate(30 days)";
        }

        var manifest = new JsonObject
        {
            ["apiVersion"] = "rotator.io/v1alpha1",
            ["kind"] = "RotatingSecret",
            ["metadata"] = new JsonObject { ["name"] = "fuzz", ["namespace"] = "ns", ["uid"] = "3f1c0f4e-0000-4000-8000-000000000002", ["creationTimestamp"] = "2025-01-01T00:00:00Z" },
            ["spec"] = new JsonObject { ["secretId"] = "ns/app", ["rotation"] = rotation },
        };
        for (var i = 0; i < mutations; i++)
        {
            var (path, values) = Catalogue[random.Next(Catalogue.Length)];
            Set(manifest, path, values[random.Next(values.Length)](random));
        }

        return manifest;
    }

    /// <summary>Sets <paramref name="path"/>, creating objects on the way; a non-object on the way is replaced.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next)
            {
                next = [];
                node[part] = next;
            }

            node = next;
        }

        node[parts[^1]] = value;
    }

    private static JsonNode? Null(Random random) => null;

    private static JsonNode Arr(Random random) => new JsonArray(1, "two", null);

    private static Func<Random, JsonNode?> S(string value) => _ => JsonValue.Create(value);

    private static Func<Random, JsonNode?> N(long value) => _ => JsonValue.Create(value);

    private static Func<Random, JsonNode?> B(bool value) => _ => JsonValue.Create(value);

    private static Func<Random, JsonNode?> Long(char c, int length) => _ => JsonValue.Create(new string(c, length));
}
