using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Engine;
using Rotator.Testbed.Fuzz;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// Every parser that reads a secret value, fed hostile SecretStrings and SecretBinaries (<see cref="SecretFuzzer"/>):
/// each answers or throws the exception its contract documents, with a message that names no value; nothing hangs.
/// CI runs <see cref="FuzzRun.Seeds"/> with a few hundred cases each; <c>ROTATOR_FUZZ_ITERATIONS</c> runs longer.
/// </summary>
public sealed class SecretParsingFuzzTests
{
    private const int CiCases = 250;

    public static TheoryData<int> Seeds() => [.. FuzzRun.Seeds()];

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task SecretJson_gives_an_object_or_a_SecretFormatException(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random =>
        {
            var secret = Fuzzer(random).Next();
            var value = Value(secret);

            // An object is only an answer if it can be used: strategies read its fields and write it back.
            Outcome.Of(secret, "SecretJson.ParseObject", () => SecretJson.ParseObject(value).ToJsonString(), typeof(SecretFormatException));
        });

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task MySQL_secrets_are_read_or_refused_with_a_reason(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random =>
        {
            var secret = Fuzzer(random).Next();
            var value = Value(secret);
            var role = (MySqlSecretRole)random.Next(4);
            var tls = new MySqlTlsSettings(random.Next(2) == 0 ? null : DatabaseTlsMode.Required, null);
            MySqlRotationSecret? read = null;
            var refused = Outcome.Of(secret, $"MySqlRotationSecret.Read as {role}", () => read = MySqlRotationSecret.Read(value, role, tls), typeof(RotationRefusedException));
            RequireReason(secret, refused);
            if (read is not null)
            {
                Outcome.Clean(secret, "MySqlRotationSecret", "ToString()", read.ToString());
                Outcome.Clean(secret, "MySqlRotationSecret", "description", read.Description);

                // What was read must also be writable back: createSecret derives the pending version from it.
                Outcome.Of(secret, "MySqlRotationSecret.Derive", () => read.Derive("app_clone", "n3w-Passw0rd"));
            }
        });

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task The_MySQL_adapter_parses_or_throws_FormatException(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random =>
        {
            var secret = new SecretFuzzer(random).Next();
            if (secret.Text is null || !Json.TryParse(secret.Text, out var document))
            {
                return;
            }

            using (document)
            {
                Outcome.Of(secret, "MySqlSecret.Parse", () => MySqlSecret.Parse(document.RootElement), typeof(FormatException));
            }
        });

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Directory_admin_secrets_are_read_or_refused_with_a_reason(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random =>
        {
            var secret = Fuzzer(random).Next();
            var value = Value(secret);
            DirectoryAdminSecret? read = null;
            var refused = Outcome.Of(secret, "DirectoryAdminSecret.Read", () => read = DirectoryAdminSecret.Read(value, SecretVersionStages.Current), typeof(RotationRefusedException));
            RequireReason(secret, refused);
            if (read is not null)
            {
                Outcome.Clean(secret, "DirectoryAdminSecret", "ToString()", read.ToString());
                Outcome.Of(secret, "DirectoryAdminSecret.Derive", () => read.Derive("n3w-Passw0rd"));
            }
        });

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomValue_validates_creates_and_tests_or_refuses_with_a_reason(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), async random =>
        {
            var fuzzer = Fuzzer(random);
            var secret = fuzzer.Next();
            string?[] fields = [null, "password", "apiKey", "nested"];
            var strategy = new RandomValueStrategy(new RandomValueSettings { Field = fields[random.Next(fields.Length)] });
            var context = new RotationContext
            {
                SecretId = "fuzz/secret",
                VersionId = Guid.NewGuid().ToString(),
                Current = Value(secret),
                SecretsManager = new FakeSecretsManager(new SecretDescription()),
                Passwords = new PasswordGenerator(PasswordPolicy.Default),
            };
            var ct = TestContext.Current.CancellationToken;
            var refused = await Outcome.OfAsync(secret, "RandomValue validate", () => strategy.ValidateAsync(context, ct), typeof(RotationRefusedException));
            RequireReason(secret, refused);
            if (refused is null)
            {
                await Outcome.OfAsync(secret, "RandomValue createSecret", () => strategy.CreatePendingAsync(context, ct));
            }

            // testSecret reads a pending value someone else may have written: it fails the test, nothing else.
            var pending = fuzzer.Next();
            var failed = await Outcome.OfAsync(pending, "RandomValue testSecret", () => strategy.TestAsync(context with { Pending = Value(pending) }, ct), typeof(RotationTestFailedException), typeof(SecretFormatException));
            Outcome.Clean(secret, "RandomValue testSecret", "failure", failed?.ToString());
        });

    [Fact]
    public void SecretJson_refuses_lone_surrogate_escapes_with_a_SecretFormatException()
    {
        foreach (var text in new[] { """{"password":"\uD800mk0123456789"}""", """{"\uDFFF":"mk0123456789"}""" })
        {
            var secret = new FuzzedSecret { Shape = "LoneSurrogates", Marker = "mk0123456789", Text = text };
            var error = Outcome.Of(secret, "SecretJson.ParseObject", () => SecretJson.ParseObject(Value(secret)).ToJsonString(), typeof(SecretFormatException));
            Assert.NotNull(error);
        }
    }

    /// <summary>Every shape, lone surrogates included.</summary>
    private static SecretFuzzer Fuzzer(Random random) => new(random);

    private static SecretValue Value(FuzzedSecret secret) =>
        new() { Name = "fuzz/secret", Arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:fuzz/secret-AbCdEf", VersionId = "v-fuzz", SecretString = secret.Text, SecretBinary = secret.Bytes };

    private static void RequireReason(FuzzedSecret secret, Exception? refusal)
    {
        if (refusal is RotationRefusedException { Reason: var reason } && (string.IsNullOrWhiteSpace(reason) || reason == "Refused"))
        {
            throw new FuzzViolationException($"refusal of {secret} has no specific reason");
        }
    }
}
