using System.Diagnostics;

namespace Investment.Benchmarks;

/// <summary>One warm-up, then the median of N timed runs: the median shrugs off a run slowed by the other tenants of a busy machine.</summary>
internal static class Measure
{
    public static async Task<TimeSpan> MedianAsync(int runs, Func<Task> action)
    {
        await action();
        var times = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            // Start each run from a collected heap so one run's garbage is not charged to the next.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed);
        }
        times.Sort();
        return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
    }

    public static Task<TimeSpan> MedianAsync(int runs, Action action) => MedianAsync(runs, () =>
    {
        action();
        return Task.CompletedTask;
    });
}
