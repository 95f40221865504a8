using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Benchmarks.Exports;

/// <summary>
/// Our exporters against a bare OpenXmlWriter loop and EPPlus writing the same cells, rows from memory (made before the
/// clock starts) into a reused in-memory stream, so neither the database nor the disk is in the timings.
/// </summary>
internal static class ExportBenchmark
{
    /// <summary>A ranking table is a few dozen cells: files are timed in batches, too short to time one alone.</summary>
    public const int RankingRepeats = 20;

    /// <summary>A city's counties, the last without a plan (无计划).</summary>
    public const int RankingCounties = 11;

    /// <summary>The issue's target for one warm ranking file written with ClosedXML.</summary>
    private static readonly TimeSpan RankingTarget = TimeSpan.FromMilliseconds(10);

    /// <summary>Detail rows whose cells are compared between our file and the bare writer's.</summary>
    private const int SameCellsSample = 2_000;

    private const string Ours = "ours";
    private const string OursStreaming = "ours, streaming writer";
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

        await RankingAsync(options, ranking, buffer, results);

        var writers = new List<(string Name, Action<Stream, List<DetailRow>> Detail)>
        {
            (Ours, (s, rows) => OursUnderTest.WriteDetail(s, rows)),
            (SdkBare, (s, rows) => BareXlsxWriter.WriteWithSpreadsheetDocument(s, SheetContents.Detail(rows))),
            (PackageBare, (s, rows) => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Detail(rows))),
            (ZipBare, (s, rows) => BareXlsxWriter.WriteWithZipArchive(s, SheetContents.Detail(rows))),
            (Epplus, (s, rows) => EpplusWriter.Write(s, SheetContents.Detail(rows))),
        };
        CheckSameCells("detail", [(PackageBare, s => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Detail(detail.Take(SameCellsSample))))],
            s => OursUnderTest.WriteDetail(s, detail.Take(SameCellsSample)), results);

        // The warm-up writes a tenth of the rows: enough to compile every path, without a fourth full run per writer.
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
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
        foreach (var (name, _) in writers)
        {
            Console.WriteLine($"    {name}: {ResultTable.Time(detailTimes[name])}, {sizes[name] / 1048576.0:F1} MB");
        }

        // Against the fastest of the three bare packagings: the strictest reading of "within 1.3× the bare writer".
        var bare = new[] { detailTimes[PackageBare], detailTimes[SdkBare], detailTimes[ZipBare] }.Min();
        results.Ratio($"project detail ({detail.Count:N0} rows)", detailTimes[Ours], "bare writer", bare, 1.3, "≤ 1.3");
        results.Ratio("  ours against EPPlus", detailTimes[Ours], "EPPlus", detailTimes[Epplus], 1.0, "< 1, faster");
    }

    /// <summary>
    /// The ranking a bureau hands in, one file per request: ours (ClosedXML, as the endpoint writes it) against EPPlus
    /// rendering the very same layout and cells (<see cref="EpplusBook"/>); our streaming writer of the layout beside them.
    /// </summary>
    private static async Task RankingAsync(BenchOptions options, (List<RankingRow> Rows, RankingRow Total) ranking, MemoryStream buffer,
        ResultTable results)
    {
        var writers = new List<(string Name, Action<Stream> Write)>
        {
            (Ours, s => OursUnderTest.WriteRanking(Api.Excel.XlsxBook.Create(s), ranking)),
            (OursStreaming, s => OursUnderTest.WriteRanking(Api.Excel.XlsxWriter.Create(s), ranking)),
            (Epplus, s => OursUnderTest.WriteRanking(new EpplusBook(s), ranking)),
        };
        CheckSameCells("ranking", writers.Skip(1).ToList(), writers[0].Write, results);
        foreach (var (name, write) in writers)
        {
            // Every writer's file must be a workbook with every row (title, 制表单位, unit line, header, counties, total).
            Rewind(buffer);
            write(buffer);
            var rows = CountRows(buffer);
            if (rows != RankingCounties + 5)
            {
                throw new InvalidOperationException($"{name} wrote {rows} rows, not {RankingCounties + 5}.");
            }
        }

        Console.WriteLine($"  ranking table ({RankingCounties} counties and the total, {RankingRepeats} files per timed run; warm-up, then median of {options.Runs}, interleaved)…");
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var cpu = writers.ToDictionary(w => w.Name, _ => new List<TimeSpan>(), StringComparer.Ordinal);
        void Batch(string name, Action<Stream> write, bool timed)
        {
            var start = ThreadCpu.Now();
            for (var i = 0; i < RankingRepeats; i++)
            {
                Rewind(buffer);
                write(buffer);
            }
            sizes[name] = buffer.Length;
            if (timed && ThreadCpu.Now() - start is { } used)
            {
                cpu[name].Add(used / RankingRepeats);
            }
        }
        var totals = await Measure.InterleavedMediansAsync(options.Runs, writers.Select(w => new Measure.Contender(w.Name,
            Measure.Sync(() => Batch(w.Name, w.Write, timed: true)), Measure.Sync(() => Batch(w.Name, w.Write, timed: false)))).ToList());
        var times = totals.ToDictionary(t => t.Key, t => t.Value / RankingRepeats, StringComparer.Ordinal);
        var cpuTimes = cpu.Where(c => c.Value.Count > 0).ToDictionary(c => c.Key, c => c.Value.Order().ElementAt(c.Value.Count / 2), StringComparer.Ordinal);
        foreach (var (name, _) in writers)
        {
            var cpuText = cpuTimes.TryGetValue(name, out var c) ? $" ({ResultTable.Time(c)} of CPU)" : "";
            Console.WriteLine($"    {name}: {ResultTable.Time(times[name])} per file{cpuText}, {sizes[name] / 1024.0:F1} KB");
        }
        results.Value($"ranking table ({RankingCounties} rows, per file, ClosedXML)", ResultTable.Time(times[Ours]), times[Ours] <= RankingTarget,
            $"≤ {RankingTarget.TotalMilliseconds:F0} ms warm");
        results.Ratio("  ours against EPPlus, same layout", times[Ours], "EPPlus", times[Epplus], 1.0, "< 1, faster");
        if (cpuTimes.Count == writers.Count)
        {
            // What the machine's load does not move: each file's CPU time on its thread (GC it triggers included).
            results.Info("  CPU time per file (median)", $"ours {ResultTable.Time(cpuTimes[Ours])}, EPPlus {ResultTable.Time(cpuTimes[Epplus])}, streaming {ResultTable.Time(cpuTimes[OursStreaming])}");
        }
        results.Info("  ours, streaming writer of the same layout", ResultTable.Time(times[OursStreaming]));
    }

    /// <summary>
    /// Reads back what ours and each other writer wrote for the same rows and compares every cell's value (the number, the
    /// string, shared or inline), so every contender provably writes the same cells.
    /// </summary>
    private static void CheckSameCells(string what, List<(string Name, Action<Stream> Write)> others, Action<Stream> ours, ResultTable results)
    {
        using var oursFile = new MemoryStream();
        ours(oursFile);
        var expected = ReadCells(oursFile);
        var cells = expected.Sum(r => r.Count);
        var differences = new List<string>();
        foreach (var (name, write) in others)
        {
            using var file = new MemoryStream();
            write(file);
            var actual = ReadCells(file);
            if (actual.Count != expected.Count)
            {
                differences.Add($"{name}: {actual.Count} rows against {expected.Count}");
                continue;
            }
            for (var r = 0; r < actual.Count && differences.Count < 3; r++)
            {
                if (!actual[r].SequenceEqual(expected[r]))
                {
                    differences.Add($"{name} row {r + 1}: [{string.Join("|", actual[r])}] against ours [{string.Join("|", expected[r])}]");
                }
            }
        }
        Console.WriteLine(differences.Count == 0
            ? $"  same cells ({what}): {string.Join(", ", others.Select(o => o.Name))} hold our {cells:N0} cell values"
            : $"  DIFFERENT cells ({what}): " + string.Join("; ", differences));
        results.Value($"same cells, {what} (ours = {string.Join(", ", others.Select(o => o.Name))})",
            differences.Count == 0 ? $"{cells:N0} cells compared" : differences[0], differences.Count == 0, "identical");
    }

    /// <summary>
    /// Each row's values by column (a gap or an empty cell as ""; trailing ones dropped), strings resolved and numbers in
    /// one spelling: ClosedXML writes shared strings and styled empty cells, the streaming writers inline strings only.
    /// </summary>
    private static List<List<string>> ReadCells(MemoryStream file)
    {
        file.Position = 0;
        using var document = SpreadsheetDocument.Open(file, false);
        var shared = document.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        return document.WorkbookPart.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(row =>
            {
                var values = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    if (cell.CellReference?.Value is { } reference)
                    {
                        var column = reference.TakeWhile(char.IsAsciiLetter).Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;
                        while (values.Count < column)
                        {
                            values.Add("");
                        }
                    }
                    values.Add(ValueOf(cell, shared));
                }
                while (values.Count > 0 && values[^1].Length == 0)
                {
                    values.RemoveAt(values.Count - 1);
                }
                return values;
            })
            .ToList();
    }

    private static string ValueOf(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return cell.CellValue?.Text is { } index ? shared[int.Parse(index, CultureInfo.InvariantCulture)] : "";
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        var text = cell.CellValue?.Text ?? "";
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : text;
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
