using System.Globalization;

namespace Rotator.Testbed.Fuzz;

/// <summary>
/// Seeded property runs. CI runs a fixed set of seeds with a small number of cases each, so a run is
/// repeatable and cheap; <c>ROTATOR_FUZZ_ITERATIONS</c> runs more cases per seed and
/// <c>ROTATOR_FUZZ_SEED</c> replays (or explores) one seed. A failure names the seed and the case, and
/// never the input: inputs hold planted secret values, which must not reach test output either.
/// </summary>
public static class FuzzRun
{
    public const string IterationsVariable = "ROTATOR_FUZZ_ITERATIONS";
    public const string SeedVariable = "ROTATOR_FUZZ_SEED";

    /// <summary>Longest a single case may take before it counts as a hang (parsers answer in microseconds).</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    private static readonly int[] CiSeeds = [1, 7, 42, 2024, 65_536];

    /// <summary>The seeds to run: <c>ROTATOR_FUZZ_SEED</c> when set, else the fixed CI set.</summary>
    public static IReadOnlyList<int> Seeds() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? [seed] : CiSeeds;

    /// <summary>Cases per seed: <c>ROTATOR_FUZZ_ITERATIONS</c> when set, else <paramref name="ciDefault"/>.</summary>
    public static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;

    /// <summary>
    /// Runs <paramref name="check"/> once per case with its own <see cref="Random"/>, derived from
    /// <paramref name="seed"/> so that the seed alone replays the run. A case that throws or does not finish
    /// within <see cref="CaseTimeout"/> fails the run with the seed and case number.
    /// </summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="iterations">How many cases.</param>
    /// <param name="check">One case: generate from the <see cref="Random"/>, call the code under test, throw <see cref="FuzzViolationException"/> when it misbehaves.</param>
    public static async Task ForEachCaseAsync(int seed, int iterations, Func<Random, Task> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var seeds = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            var random = new Random(seeds.Next());
            var where = $"seed {seed}, case {i} (replay with {SeedVariable}={seed} {IterationsVariable}={i + 1})";
            var run = Task.Run(() => check(random));
            try
            {
                await run.WaitAsync(CaseTimeout);
            }
            catch (TimeoutException)
            {
                throw new FuzzViolationException($"{where}: no answer within {CaseTimeout.TotalSeconds:0}s (a hang)");
            }
            catch (FuzzViolationException e)
            {
                throw new FuzzViolationException($"{where}: {e.Message}");
            }
            catch (Exception e)
            {
                // Only the type and the stack: the message of an exception nobody vetted may quote the input.
                throw new FuzzViolationException($"{where}: the check itself threw {e.GetType().FullName}\n{e.StackTrace}");
            }
        }
    }

    /// <inheritdoc cref="ForEachCaseAsync(int, int, Func{Random, Task})"/>
    public static Task ForEachCaseAsync(int seed, int iterations, Action<Random> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return ForEachCaseAsync(seed, iterations, random =>
        {
            check(random);
            return Task.CompletedTask;
        });
    }
}
