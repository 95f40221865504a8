using System.Globalization;

namespace Investment.Benchmarks;

/// <summary>
/// The machine's load average (runnable processes, over 1, 5 and 15 minutes; Linux's /proc/loadavg). Printed with the
/// figures because on a shared machine it says how far apart the absolute times may be from one run to the next; the
/// ratios are measured in the same run, interleaved, so they move much less.
/// </summary>
internal static class LoadAverage
{
    public static string Now()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Create(CultureInfo.InvariantCulture, $"{parts[0]} / {parts[1]} / {parts[2]} (1 / 5 / 15 min) on {Environment.ProcessorCount} cores");
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
