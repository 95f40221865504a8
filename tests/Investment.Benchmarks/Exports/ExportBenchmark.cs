using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Benchmarks.Exports;

/// <summary>
/// Our exporters against a bare OpenXmlWriter loop and EPPlus writing the same cells, rows from memory (made before the
/// clock starts) into a reused in-memory stream, so neither the database nor the disk is in the timings.
/// </summary>
internal static class ExportBenchmark
{
    /// <summary>A ranking table is a few dozen cells: one file takes about a millisecond, too short to time alone.</summary>
    public const int RankingRepeats = 200;

    public const int RankingCounties = 11;

    /// <summary>Detail rows whose cells are compared between our file and the bare writer's.</summary>
    private const int SameCellsSample = 2_000;

    private const string Ours = "ours";
    private const string SdkBare = "bare writer (SpreadsheetDocument)";
    private const string PackageBare = "bare writer (write-only package)";
    private const string ZipBare = "bare writer (plain zip)";
    private const string Epplus = "EPPlus 4.5.3.3";

    public static async Task RunAsync(BenchOptions options, ResultTable results)
    {
        var ranking = ExportRows.RankingTable(options.Scale.Seed, RankingCounties);
        Console.WriteLine($"Exports: generating {options.DetailRows:N0} project-detail rows in memory…");
        var detail = ExportRows.Detail(options.Scale.Seed, options.DetailRows).ToList();
        using var buffer = new MemoryStream(64 << 20);

        var writers = new List<(string Name, Action<Stream> Ranking, Action<Stream, List<DetailRow>> Detail)>();
        writers.Add((Ours, s => OursUnderTest.WriteRanking(s, ranking), (s, rows) => OursUnderTest.WriteDetail(s, rows)));
        writers.Add((SdkBare,
            s => BareXlsxWriter.WriteWithSpreadsheetDocument(s, SheetContents.Ranking(ranking)),
            (s, rows) => BareXlsxWriter.WriteWithSpreadsheetDocument(s, SheetContents.Detail(rows))));
        writers.Add((PackageBare,
            s => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Ranking(ranking)),
            (s, rows) => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Detail(rows))));
        writers.Add((ZipBare,
            s => BareXlsxWriter.WriteWithZipArchive(s, SheetContents.Ranking(ranking)),
            (s, rows) => BareXlsxWriter.WriteWithZipArchive(s, SheetContents.Detail(rows))));
        writers.Add((Epplus, s => EpplusWriter.Write(s, SheetContents.Ranking(ranking)), (s, rows) => EpplusWriter.Write(s, SheetContents.Detail(rows))));

        CheckSameCells(ranking, detail.Take(SameCellsSample).ToList(), results);
        foreach (var (name, writeRanking, _) in writers)
        {
            // Every writer's file must be a workbook with every row, or the comparison would be unfair.
            Rewind(buffer);
            writeRanking(buffer);
            var rows = CountRows(buffer);
            if (rows != RankingCounties + 3)
            {
                throw new InvalidOperationException($"{name} wrote {rows} rows, not {RankingCounties + 3}.");
            }
        }

        Console.WriteLine($"  ranking table ({RankingCounties} counties, {RankingRepeats} files per timed run; warm-up, then median of {options.Runs}, interleaved)…");
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var rankingTotals = await Measure.InterleavedMediansAsync(options.Runs, writers.Select(w => new Measure.Contender(w.Name, Measure.Sync(() =>
        {
            for (var i = 0; i < RankingRepeats; i++)
            {
                Rewind(buffer);
                w.Ranking(buffer);
            }
            sizes[w.Name] = buffer.Length;
        }))).ToList());
        var rankingTimes = rankingTotals.ToDictionary(t => t.Key, t => t.Value / RankingRepeats, StringComparer.Ordinal);
        foreach (var (name, _, _) in writers)
        {
            Console.WriteLine($"    {name}: {ResultTable.Time(rankingTimes[name])} per file, {sizes[name] / 1024.0:F1} KB");
        }

        // The warm-up writes a tenth of the rows: enough to compile every path, without a fourth full run per writer.
        var warmUpRows = detail.Take(Math.Max(1_000, detail.Count / 10)).ToList();
        Console.WriteLine($"  project detail ({detail.Count:N0} rows; warm-up with {warmUpRows.Count:N0} rows, then median of {options.Runs}, interleaved)…");
        var detailTimes = await Measure.InterleavedMediansAsync(options.Runs, writers.Select(w => new Measure.Contender(w.Name,
            Measure.Sync(() =>
            {
                Rewind(buffer);
                w.Detail(buffer, detail);
                sizes[w.Name] = buffer.Length;
            }),
            Measure.Sync(() =>
            {
                Rewind(buffer);
                w.Detail(buffer, warmUpRows);
            }))).ToList());
        foreach (var (name, _, _) in writers)
        {
            Console.WriteLine($"    {name}: {ResultTable.Time(detailTimes[name])}, {sizes[name] / 1048576.0:F1} MB");
        }

        foreach (var (what, times) in new[] { ($"ranking table ({RankingCounties} rows, per file)", rankingTimes), ($"project detail ({detail.Count:N0} rows)", detailTimes) })
        {
            // Against the fastest of the three bare packagings: the strictest reading of "within 1.3× the bare writer".
            var bare = new[] { times[PackageBare], times[SdkBare], times[ZipBare] }.Min();
            results.Ratio(what, times[Ours], "bare writer", bare, 1.3, "≤ 1.3");
            results.Ratio("  ours against EPPlus", times[Ours], "EPPlus", times[Epplus], 1.0, "< 1, faster");
        }
    }

    /// <summary>
    /// Reads back what our exporter and the bare writer wrote for the same rows and compares every cell's text (value
    /// as stored: the number's digits, the string), so the baseline provably writes the same cells.
    /// </summary>
    private static void CheckSameCells(List<RankingRow> ranking, List<DetailRow> detail, ResultTable results)
    {
        var differences = new List<string>();
        var cells = 0;
        foreach (var (what, ours, bare) in new (string, Action<Stream>, Action<Stream>)[]
                 {
                     ("ranking", s => OursUnderTest.WriteRanking(s, ranking), s => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Ranking(ranking))),
                     ("detail", s => OursUnderTest.WriteDetail(s, detail), s => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Detail(detail))),
                 })
        {
            using var oursFile = new MemoryStream();
            using var bareFile = new MemoryStream();
            ours(oursFile);
            bare(bareFile);
            var (a, b) = (ReadCells(oursFile), ReadCells(bareFile));
            cells += a.Sum(r => r.Count);
            if (a.Count != b.Count)
            {
                differences.Add($"{what}: {a.Count} rows against {b.Count}");
                continue;
            }
            for (var r = 0; r < a.Count && differences.Count < 3; r++)
            {
                if (!a[r].SequenceEqual(b[r]))
                {
                    differences.Add($"{what} row {r + 1}: [{string.Join("|", a[r])}] against [{string.Join("|", b[r])}]");
                }
            }
        }
        Console.WriteLine(differences.Count == 0
            ? $"  same cells: our files and the bare writer's hold the same {cells:N0} cell values (ranking, and {detail.Count:N0} detail rows)"
            : "  DIFFERENT cells: " + string.Join("; ", differences));
        results.Value("same cells (ours = bare writer)", differences.Count == 0 ? $"{cells:N0} cells compared" : differences[0],
            differences.Count == 0, "identical");
    }

    private static List<List<string>> ReadCells(MemoryStream file)
    {
        file.Position = 0;
        using var document = SpreadsheetDocument.Open(file, false);
        return document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(row => row.Elements<Cell>().Select(c => c.InnerText).ToList())
            .ToList();
    }

    private static void Rewind(MemoryStream buffer)
    {
        buffer.Position = 0;
        buffer.SetLength(0);
    }

    /// <summary>Opens what was written with the SDK and counts the sheet's rows: every writer's file must be a workbook.</summary>
    private static int CountRows(MemoryStream buffer)
    {
        buffer.Position = 0;
        using var document = SpreadsheetDocument.Open(buffer, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single();
        return sheet.Worksheet.Descendants<Row>().Count();
    }
}
