using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Investment.Benchmarks.Exports;

namespace Investment.Benchmarks;

/// <summary>
/// Peak memory of writing the large project-detail export, measured in a fresh child process (this program with
/// --measure-export-memory), so nothing the parent allocated before counts. The child streams rows from a lazy
/// generator — as the endpoint streams them from the database reader — into a temporary file, as the endpoint does,
/// then reports its peak resident set (VmHWM from /proc/self/status).
/// </summary>
internal static partial class MemoryProbe
{
    private const string ResultPrefix = "EXPORT-MEMORY ";

    public static readonly IReadOnlyList<string> Writers = ["ours", "bare-sdk", "bare-package", "epplus"];

    /// <summary>
    /// Runs in the parent: our exporter under server GC (ASP.NET Core's default, so what the API does; the target is
    /// about this one) and workstation GC, then the baselines under server GC for comparison.
    /// </summary>
    public static async Task RunAsync(BenchOptions options, ResultTable results, CancellationToken ct)
    {
        Console.WriteLine($"Peak memory of the {options.DetailRows:N0}-row project-detail export, each in a fresh child process…");
        var what = $"peak memory, {options.DetailRows:N0}-row export";
        foreach (var writer in Writers)
        {
            foreach (var serverGc in writer == "ours" ? new[] { true, false } : [true])
            {
                var m = await MeasureAsync(options, writer, serverGc, ct);
                var gc = serverGc ? "server GC" : "workstation GC";
                Console.WriteLine($"  {writer}, {gc}: peak {Megabytes(m.PeakBytes)} (at start {Megabytes(m.BeforeBytes)}), " +
                                  $"{Megabytes(m.AllocatedBytes)} allocated, file {m.FileBytes / 1048576.0:F1} MB");
                if (writer == "ours")
                {
                    results.Value($"{what} ({gc})", Megabytes(m.PeakBytes), m.PeakBytes <= 100L * 1048576, "≤ 100 MB");
                }
                else
                {
                    results.Info($"  {writer} peak ({gc})", Megabytes(m.PeakBytes));
                }
            }
        }
    }

    /// <summary>Runs in the child: writes the export with one writer and prints the measurements on one line.</summary>
    public static int RunChild(BenchOptions options)
    {
        var writer = options.MeasureExportMemory!;
        var before = PeakResidentBytes();
        var path = Path.Combine(Path.GetTempPath(), $"investment-bench-{Environment.ProcessId}.xlsx");
        try
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920))
            {
                var rows = ExportRows.Detail(options.Scale.Seed, options.DetailRows);
                switch (writer)
                {
                    case "ours": OursUnderTest.WriteDetail(file, rows); break;
                    case "bare-sdk": BareXlsxWriter.WriteWithSpreadsheetDocument(file, SheetContents.Detail(rows)); break;
                    case "bare-package": BareXlsxWriter.WriteWithWriteOnlyPackage(file, SheetContents.Detail(rows)); break;
                    case "epplus": EpplusWriter.Write(file, SheetContents.Detail(rows)); break;
                    default: throw new ArgumentException($"Unknown writer '{writer}'; one of {string.Join(", ", Writers)}.");
                }
            }
            var size = new FileInfo(path).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ResultPrefix}peak={PeakResidentBytes()} before={before} allocated={GC.GetTotalAllocatedBytes(precise: true)} size={size} server={System.Runtime.GCSettings.IsServerGC}"));
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal sealed record Measurement(long PeakBytes, long BeforeBytes, long AllocatedBytes, long FileBytes);

    /// <summary>Starts the child for one writer and GC mode, and reads its line.</summary>
    private static async Task<Measurement> MeasureAsync(BenchOptions options, string writer, bool serverGc, CancellationToken ct)
    {
        var line = await RunChildAsync(
            ["--measure-export-memory", writer, "--detail-rows", options.DetailRows.ToString(CultureInfo.InvariantCulture),
                "--seed", options.Scale.Seed.ToString(CultureInfo.InvariantCulture)],
            ResultPrefix, serverGc, ct);
        return new Measurement(Field(line, "peak"), Field(line, "before"), Field(line, "allocated"), Field(line, "size"));
    }

    /// <summary>Runs this program again with <paramref name="args"/> and returns the line it printed starting with <paramref name="prefix"/>.</summary>
    internal static async Task<string> RunChildAsync(IEnumerable<string> args, string prefix, bool serverGc, CancellationToken ct)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program this is.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet Investment.Benchmarks.dll`: the child needs the assembly named again.
            start.ArgumentList.Add(typeof(MemoryProbe).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Workstation GC is a console program's default; the API runs with ASP.NET Core's default, server GC.
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        var output = child.StandardOutput.ReadToEndAsync(ct);
        var errors = child.StandardError.ReadToEndAsync(ct);
        await child.WaitForExitAsync(ct);
        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The child ({string.Join(' ', args)}) failed with exit code {child.ExitCode}: {await errors}");
        }
        return line;
    }

    /// <summary>A "name=123" field of a child's line.</summary>
    internal static long Field(string line, string name) =>
        long.Parse(FieldPattern().Matches(line).Single(m => m.Groups[1].Value == name).Groups[2].Value, CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>VmHWM: the most memory the process has had resident at any moment.</summary>
    internal static long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        // Not Linux: the runtime's own figure.
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    [GeneratedRegex(@"(\w+)=(\d+)")]
    private static partial Regex FieldPattern();
}
