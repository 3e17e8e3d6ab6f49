using Rotator.Testbed.Fuzz;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>Classifies what a parser did with a fuzzed secret: answered, or threw one of the exceptions its contract names.</summary>
internal static class Outcome
{
    /// <summary>
    /// Runs <paramref name="parse"/>; an exception of a type in <paramref name="documented"/> is returned (after checking
    /// its message is non-empty and free of the marker), anything else fails the case by type only.
    /// </summary>
    public static async Task<Exception?> OfAsync(FuzzedSecret secret, string what, Func<Task> parse, params Type[] documented)
    {
        try
        {
            await parse();
            return null;
        }
        catch (Exception e) when (documented.Contains(e.GetType()))
        {
            if (string.IsNullOrWhiteSpace(e.Message))
            {
                throw new FuzzViolationException($"{what} on {secret}: {e.GetType().Name} with an empty message");
            }

            Clean(secret, what, $"{e.GetType().Name} message", e.Message);
            Clean(secret, what, $"{e.GetType().Name}.ToString()", e.ToString());
            return e;
        }
        catch (Exception e) when (e is not FuzzViolationException)
        {
            throw new FuzzViolationException($"{what} on {secret}: threw {e.GetType().FullName}, which its contract does not name\n{e.StackTrace}");
        }
    }

    /// <inheritdoc cref="OfAsync"/>
    public static Exception? Of(FuzzedSecret secret, string what, Action parse, params Type[] documented) =>
        OfAsync(secret, what, () =>
        {
            parse();
            return Task.CompletedTask;
        }, documented).GetAwaiter().GetResult();

    /// <summary>Fails the case when <paramref name="text"/> holds the planted marker.</summary>
    public static void Clean(FuzzedSecret secret, string what, string where, string? text)
    {
        if (secret.LeaksInto(text))
        {
            throw new FuzzViolationException($"{what} on {secret}: a planted secret value appeared in the {where}");
        }
    }
}
