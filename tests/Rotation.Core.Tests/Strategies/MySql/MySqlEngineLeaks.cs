using FluentAssertions;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>Proves a text meant for people (an outcome, a step event) carries none of a scenario's passwords.</summary>
internal static class MySqlEngineLeaks
{
    // The random middle of MySqlTestServer.NastyPassword: a text quoting part of a password would still contain it.
    private const int CoreStart = 4;
    private const int CoreLength = 32;

    public static void ShouldNotContainPasswords(RotationScenario scenario, string? text) => ShouldNotContainPasswords(scenario.Passwords, text);

    /// <summary>None of the passwords <paramref name="passwords"/> made, nor their random middle, is in <paramref name="text"/>.</summary>
    public static void ShouldNotContainPasswords(RecordingPasswordSource passwords, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var password in passwords.Issued)
        {
            text.Should().NotContain(password, "no message may contain a password");
            if (password.Length >= CoreStart + CoreLength)
            {
                text.Should().NotContain(password.Substring(CoreStart, CoreLength), "nor a part of one");
            }
        }
    }
}
