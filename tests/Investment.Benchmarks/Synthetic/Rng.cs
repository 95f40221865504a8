namespace Investment.Benchmarks.Synthetic;

/// <summary>
/// SplitMix64: a tiny deterministic generator. System.Random's seeded sequence is not promised to stay the same across
/// .NET versions; this one is, so a given seed always yields the same data set.
/// </summary>
internal sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator for one item (a section, a row) that does not depend on how many items came before it.</summary>
    public static Rng For(ulong seed, long item, ulong salt = 0) =>
        new(Mix(seed ^ Mix((ulong)item + 0x9E3779B97F4A7C15UL) ^ Mix(salt + 0xD1B54A32D192ED03UL)));

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>0 ≤ value &lt; <paramref name="maxExclusive"/>.</summary>
    public int Next(int maxExclusive) => (int)(NextULong() % (ulong)maxExclusive);

    /// <summary><paramref name="min"/> ≤ value ≤ <paramref name="maxInclusive"/>.</summary>
    public long Between(long min, long maxInclusive) => min + (long)(NextULong() % (ulong)(maxInclusive - min + 1));

    /// <summary>0 ≤ value &lt; 1.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
