namespace Rotator.Rotation.Tests.Passwords;

/// <summary>Pearson's chi-square against a uniform distribution, with a bound loose enough never to flag a fair source.</summary>
internal static class ChiSquare
{
    public static double Statistic(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        var expected = (double)total / counts.Count;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }

    /// <summary>
    /// The statistic a uniform source exceeds with probability about 2e-8 (Wilson-Hilferty at z = 5.5), so
    /// hundreds of checks per run stay quiet while a modulo bias of a third on some characters is far above it.
    /// </summary>
    public static double Bound(int categories)
    {
        const double z = 5.5;
        var df = categories - 1.0;
        var a = 2.0 / (9.0 * df);
        return df * Math.Pow(1 - a + (z * Math.Sqrt(a)), 3);
    }

    public static bool LooksUniform(IReadOnlyList<long> counts) => Statistic(counts) < Bound(counts.Count);
}
