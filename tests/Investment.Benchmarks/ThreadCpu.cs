using System.Runtime.InteropServices;

namespace Investment.Benchmarks;

/// <summary>
/// The CPU time the calling thread has used (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>). On the shared 2-core machine, with a
/// load average of 10–30, a millisecond-long single-threaded task's wall time is mostly time spent waiting for a core;
/// its CPU time is what its wall time would be on an idle machine, near enough.
/// </summary>
internal static class ThreadCpu
{
    private const int ThreadCpuTimeClock = 3;

    /// <summary>The thread's CPU time so far; null off Linux.</summary>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux() || clock_gettime(ThreadCpuTimeClock, out var time) != 0)
        {
            return null;
        }
        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport, whose generated marshalling needs unsafe code enabled for this one call.
#pragma warning disable SYSLIB1054
    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054
}
