using System.Diagnostics;

namespace Investment.Benchmarks;

/// <summary>
/// Timing on a busy shared machine: every contender is warmed up once, then the timed runs are interleaved round by
/// round (A B C, B C A, C A B, …) so a burst of load from other processes hits all of them alike instead of whichever
/// happened to be running, and each contender's median is reported (it shrugs off the one run a burst did hit).
/// </summary>
internal static class Measure
{
    /// <summary>One thing timed. <paramref name="Prepare"/>, when given, runs before each run (warm-up included), untimed.</summary>
    public sealed record Contender(string Name, Func<Task> Run, Func<Task>? WarmUp = null, Func<Task>? Prepare = null);

    public static async Task<Dictionary<string, TimeSpan>> InterleavedMediansAsync(int runs, IReadOnlyList<Contender> contenders)
    {
        foreach (var contender in contenders)
        {
            await (contender.Prepare?.Invoke() ?? Task.CompletedTask);
            await (contender.WarmUp ?? contender.Run)();
        }
        var times = contenders.ToDictionary(c => c.Name, _ => new List<TimeSpan>(runs), StringComparer.Ordinal);
        for (var round = 0; round < runs; round++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var contender = contenders[(i + round) % contenders.Count];
                await (contender.Prepare?.Invoke() ?? Task.CompletedTask);
                // Start each run from a collected heap so one run's garbage is not charged to the next.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var clock = Stopwatch.StartNew();
                await contender.Run();
                times[contender.Name].Add(clock.Elapsed);
            }
        }
        Console.WriteLine($"    (load average after these runs: {LoadAverage.Now()})");
        return times.ToDictionary(t => t.Key, t => Median(t.Value), StringComparer.Ordinal);
    }

    public static Func<Task> Sync(Action action) => () =>
    {
        action();
        return Task.CompletedTask;
    };

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        var n = times.Count;
        return n % 2 == 1 ? times[n / 2] : (times[(n / 2) - 1] + times[n / 2]) / 2;
    }
}
