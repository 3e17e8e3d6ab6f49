using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using k8s;
using k8s.Models;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed.Fuzz;

namespace Rotator.Operator.Tests.Fuzz;

/// <summary>
/// The mirror's mapping of an AWSCURRENT value into Secret data, fed hostile values (<see cref="SecretFuzzer"/>) under
/// random <c>target.keys</c> and <c>target.template</c>: it renders or throws <see cref="MirrorException"/> with a
/// reason and a message that names no value, and what it renders holds the value byte for byte.
/// </summary>
public sealed class MirrorFuzzTests
{
    private const int CiCases = 250;

    private static readonly string[] Fields = ["password", "username", "host", "apiKey", "nested", "", "päss"];

    public static TheoryData<int> Seeds() => [.. FuzzRun.Seeds()];

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Secret_data_is_rendered_or_refused_with_a_reason(int seed) =>
        FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random =>
        {
            var fuzzer = new SecretFuzzer(random);
            Check(fuzzer.Next(), Target(random));
        });

    [Fact]
    public void Duplicate_keys_and_lone_surrogates_are_refused_with_a_reason()
    {
        foreach (var text in new[] { """{"password":"mk0123456789","password":"mk0123456789"}""", """{"password":"\uD800mk0123456789"}""" })
        {
            Check(new FuzzedSecret { Shape = "known", Marker = "mk0123456789", Text = text }, null);
        }
    }

    private static void Check(FuzzedSecret secret, TargetSpec? target)
    {
        var owner = new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = "fuzz", NamespaceProperty = "ns", Uid = "3f1c0f4e-0000-4000-8000-000000000001" },
            Spec = new RotatingSecretSpec { SecretId = "ns/fuzz", Target = target },
        };
        var value = new SecretValue { Name = "ns/fuzz", VersionId = "v-fuzz", SecretString = secret.Text, SecretBinary = secret.Bytes };
        DesiredSecret desired;
        try
        {
            desired = DesiredSecret.For(owner, value);
        }
        catch (MirrorException e)
        {
            if (string.IsNullOrWhiteSpace(e.Message) || string.IsNullOrWhiteSpace(e.Reason) || e.Reason == "MirrorFailed")
            {
                throw new FuzzViolationException($"mirror of {secret}: MirrorException without a message or a specific reason");
            }

            if (secret.LeaksInto(e.ToString()))
            {
                throw new FuzzViolationException($"mirror of {secret}: a planted secret value appeared in the MirrorException ({e.Reason})");
            }

            return;
        }
        catch (Exception e) when (e is not FuzzViolationException)
        {
            throw new FuzzViolationException($"mirror of {secret}: threw {e.GetType().FullName}, which its contract does not name\n{e.StackTrace}");
        }

        // Rendered: a binary value is kept whole, byte for byte, under target.binaryKey (default "value").
        var binaryKey = target?.BinaryKey ?? SecretDataRenderer.WholeValueKey;
        if (secret.Bytes is { } bytes && (desired.Data.Count != 1 || !desired.Data.TryGetValue(binaryKey, out var mirrored) || !mirrored.AsSpan().SequenceEqual(bytes)))
        {
            throw new FuzzViolationException($"mirror of {secret}: the binary value was not kept byte for byte");
        }

        if (desired.Data.Count == 0 && target?.Keys is not { Count: > 0 } && target?.Template is not { Count: > 0 } && secret.Text is { } text && !text.TrimStart().StartsWith('{'))
        {
            throw new FuzzViolationException($"mirror of {secret}: a value that is no JSON object rendered to no data");
        }

        var secretObject = desired.ToNew();
        if (secret.LeaksInto(string.Join(' ', secretObject.Metadata.Annotations?.Values ?? [])) || secret.LeaksInto(string.Join(' ', secretObject.Metadata.Labels?.Values ?? [])))
        {
            throw new FuzzViolationException($"mirror of {secret}: a planted secret value appeared in the Secret's labels or annotations");
        }
    }

    private static TargetSpec? Target(Random random) => random.Next(4) switch
    {
        0 => random.Next(2) == 0 ? null : new TargetSpec { BinaryKey = "blob.bin" },
        1 => new TargetSpec { Keys = Map(random, "KEY_") },
        2 => new TargetSpec { Template = Templates(random) },
        _ => new TargetSpec { Keys = Map(random, "K"), Template = Templates(random) },
    };

    private static Dictionary<string, string> Map(Random random, string prefix) =>
        Enumerable.Range(0, random.Next(1, 4)).Select(i => Fields[random.Next(Fields.Length)]).Distinct().ToDictionary(f => f, f => prefix + f.Length);

    private static Dictionary<string, string> Templates(Random random)
    {
        string[] templates =
        [
            "mysql://{{ username }}:{{ password | urlencode }}@{{ host }}",
            "{{password|base64}}",
            "{{ apiKey | nope }}",
            "{{ missing }}",
            "plain text, no placeholder",
            "{{ password",
            "{{ nested }}{{ nested }}",
        ];
        return Enumerable.Range(0, random.Next(1, 3)).ToDictionary(i => $"T{i}", _ => templates[random.Next(templates.Length)]);
    }
}
