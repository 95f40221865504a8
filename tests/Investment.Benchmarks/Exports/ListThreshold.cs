using System.Diagnostics;
using System.Globalization;
using Investment.Api.Excel;
using Investment.Api.Features.Exports;

namespace Investment.Benchmarks.Exports;

/// <summary>
/// Where a list stops being written with ClosedXML (<see cref="XlsxWorkbooks.FormattedMaxRows"/>): the land-issue sheet
/// of N rows written by <see cref="XlsxBook"/> (ClosedXML, the whole workbook in memory) and by the streaming
/// <see cref="XlsxWriter"/>, each size and writer in a fresh child process, so its peak resident set (VmHWM) is its own.
/// The child writes a 200-row list first (JIT, ClosedXML's start-up), then the timed one into a temporary file.
/// </summary>
internal static class ListThreshold
{
    private const string ResultPrefix = "LIST-WRITE ";

    public static readonly IReadOnlyList<string> Writers = ["closedxml", "streaming"];

    public static async Task RunAsync(BenchOptions options, ResultTable results, CancellationToken ct)
    {
        Console.WriteLine($"List writers: the land-issue sheet of {string.Join(" / ", options.ListRows.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} rows, each writer in a fresh child process…");
        foreach (var rows in options.ListRows)
        {
            foreach (var writer in Writers)
            {
                var line = await MemoryProbe.RunChildAsync(["--measure-list", $"{writer}:{rows}", "--seed", options.Scale.Seed.ToString(CultureInfo.InvariantCulture)],
                    ResultPrefix, serverGc: true, ct);
                long Field(string name) => MemoryProbe.Field(line, name);
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"{Field("ms"),7:N0} ms, peak {MemoryProbe.Megabytes(Field("peak")),7}, allocated {MemoryProbe.Megabytes(Field("allocated")),8}, file {Field("size") / 1024.0:N0} KB");
                Console.WriteLine($"  {rows,7:N0} rows, {writer,-9}: {text}");
                results.Info(string.Create(CultureInfo.InvariantCulture, $"list of {rows:N0} rows, {writer}"), text);
            }
        }
    }

    /// <summary>Runs in the child: "closedxml:5000" or "streaming:5000".</summary>
    public static int RunChild(BenchOptions options)
    {
        var (writer, count) = options.MeasureList!.Split(':') is [var w, var n] ? (w, int.Parse(n, CultureInfo.InvariantCulture))
            : throw new ArgumentException("--measure-list takes writer:rows.");
        var path = Path.Combine(Path.GetTempPath(), $"investment-bench-list-{Environment.ProcessId}.xlsx");
        try
        {
            Write(path, writer, Rows(options.Scale.Seed, 200));
            var rows = Rows(options.Scale.Seed, count);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            Write(path, writer, rows);
            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ResultPrefix}ms={watch.ElapsedMilliseconds} peak={MemoryProbe.PeakResidentBytes()} allocated={GC.GetTotalAllocatedBytes(precise: true) - allocated} size={new FileInfo(path).Length}"));
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Write(string path, string writer, List<LandIssueRow> rows)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920);
        using IXlsxWorkbook xlsx = writer switch
        {
            "closedxml" => XlsxBook.Create(file),
            "streaming" => XlsxWriter.Create(file),
            _ => throw new ArgumentException($"Unknown writer '{writer}'; one of {string.Join(", ", Writers)}."),
        };
        LandIssueSheet.Write(xlsx, Heading, rows);
    }

    private static readonly LandIssueHeading Heading = new("基准101市", "all", new DateOnly(2025, 12, 31))
    {
        Issuer = XlsxSheetLayout.IssuedBy("基准101市交通运输局", new DateOnly(2025, 12, 31)),
        Counts = new LandIssueCounts(50_000, 46_000, 4_000, 900, 0.92m),
    };

    private static readonly string[] Things = ["民房", "厂房", "电力塔基", "坟墓", "青苗"];

    private static readonly string[] Kinds = ["house", "crops", "power_tower", "grave", "enterprise", "farmland", "other"];

    /// <summary>Made before the clock starts; about one in eight overdue (red), descriptions of one to three lines.</summary>
    private static List<LandIssueRow> Rows(ulong seed, int count)
    {
        var rows = new List<LandIssueRow>(count);
        for (var i = 0; i < count; i++)
        {
            var rng = Synthetic.Rng.For(seed, i, 23);
            var identified = new DateOnly(2024, 1, 1).AddDays(rng.Next(700));
            var due = identified.AddDays(30 + rng.Next(180));
            DateOnly? resolved = rng.Chance(0.85) ? identified.AddDays(rng.Next(200)) : null;
            var county = i / 500;
            rows.Add(new LandIssueRow(
                string.Create(CultureInfo.InvariantCulture, $"基准{county:D4}县"),
                string.Create(CultureInfo.InvariantCulture, $"基准{county:D4}县国省道改建工程{i % 30 + 1:D2}"),
                string.Create(CultureInfo.InvariantCulture, $"第{i % 5 + 1}标段"),
                string.Create(CultureInfo.InvariantCulture, $"第{i % 12 + 1}镇"),
                rng.Pick(Kinds),
                string.Create(CultureInfo.InvariantCulture,
                    $"K{rng.Next(80)}+{rng.Next(1000):D3}处{rng.Pick(Things)}{rng.Between(1, 12)}处征迁补偿未签约{(rng.Chance(0.5) ? "，涉及户主多次协商未果，需属地镇街牵头协调并明确补偿标准" : "")}"),
                identified, due, resolved, string.Create(CultureInfo.InvariantCulture, $"第{i % 12 + 1}镇人民政府")));
        }
        return rows;
    }
}
