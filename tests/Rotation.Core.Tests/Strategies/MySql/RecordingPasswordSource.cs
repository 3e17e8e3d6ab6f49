using System.Collections.Concurrent;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Tests.MySql;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>Hands out passwords that break naive quoting and remembers each, so tests can prove none leaks into a message.</summary>
internal sealed class RecordingPasswordSource : IPasswordSource
{
    private readonly ConcurrentQueue<string> issued = new();

    /// <summary>Every password made so far, the seeded ones included.</summary>
    public IReadOnlyCollection<string> Issued => issued.ToArray();

    public string NewPassword()
    {
        var password = MySqlTestServer.NastyPassword();
        issued.Enqueue(password);
        return password;
    }
}
