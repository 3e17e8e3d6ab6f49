using System.Collections.Concurrent;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>Real passwords, remembered, so a test can prove none of them reached an observer or an outcome.</summary>
internal sealed class RecordingPasswords : IPasswordSource
{
    private readonly PasswordGenerator generator = new(PasswordPolicy.Default);
    private readonly ConcurrentQueue<string> issued = new();

    public IReadOnlyCollection<string> Issued => issued;

    public string NewPassword()
    {
        var password = generator.NewPassword();
        issued.Enqueue(password);
        return password;
    }
}
