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

    public static async Task RunAsync(BenchOptions options, ResultTable results)
    {
        var ranking = ExportRows.RankingTable(options.Scale.Seed, RankingCounties);
        Console.WriteLine($"Exports: generating {options.DetailRows:N0} project-detail rows in memory…");
        var detail = ExportRows.Detail(options.Scale.Seed, options.DetailRows).ToList();
        using var buffer = new MemoryStream(64 << 20);

        var writers = new List<(string Name, Action<Stream> Ranking, Action<Stream> Detail)>();
        if (OursUnderTest.Available)
        {
            writers.Add(("ours", s => OursUnderTest.WriteRanking(s, ranking), s => OursUnderTest.WriteDetail(s, detail)));
        }
        writers.Add(("bare writer (SpreadsheetDocument)",
            s => BareXlsxWriter.WriteWithSpreadsheetDocument(s, SheetContents.Ranking(ranking)),
            s => BareXlsxWriter.WriteWithSpreadsheetDocument(s, SheetContents.Detail(detail))));
        writers.Add(("bare writer (write-only package)",
            s => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Ranking(ranking)),
            s => BareXlsxWriter.WriteWithWriteOnlyPackage(s, SheetContents.Detail(detail))));
        writers.Add(("EPPlus 4.5.3.3", s => EpplusWriter.Write(s, SheetContents.Ranking(ranking)), s => EpplusWriter.Write(s, SheetContents.Detail(detail))));

        var rankingTimes = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var detailTimes = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (name, writeRanking, writeDetail) in writers)
        {
            var total = await Measure.MedianAsync(options.Runs, () =>
            {
                for (var i = 0; i < RankingRepeats; i++)
                {
                    Rewind(buffer);
                    writeRanking(buffer);
                }
            });
            rankingTimes[name] = total / RankingRepeats;
            var rankingRows = CountRows(buffer);
            Console.WriteLine($"  ranking table ({RankingCounties} counties) — {name}: {ResultTable.Time(rankingTimes[name])} per file, " +
                              $"{buffer.Length / 1024.0:F1} KB, {rankingRows} rows");
            if (rankingRows != RankingCounties + 3)
            {
                throw new InvalidOperationException($"{name} wrote {rankingRows} rows, not {RankingCounties + 3}: the comparison would be unfair.");
            }

            detailTimes[name] = await Measure.MedianAsync(options.Runs, () =>
            {
                Rewind(buffer);
                writeDetail(buffer);
            });
            Console.WriteLine($"  project detail ({detail.Count:N0} rows) — {name}: {ResultTable.Time(detailTimes[name])}, {buffer.Length / 1048576.0:F1} MB");
        }

        const string SdkBare = "bare writer (SpreadsheetDocument)", PackageBare = "bare writer (write-only package)", Epplus = "EPPlus 4.5.3.3";
        foreach (var (what, times) in new[] { ($"ranking table ({RankingCounties} rows, per file)", rankingTimes), ($"project detail ({detail.Count:N0} rows)", detailTimes) })
        {
            if (!OursUnderTest.Available)
            {
                results.NotRun(what, "feature/excel not merged into this build");
                results.Info("  bare writer / EPPlus", $"{ResultTable.Time(times[SdkBare])} (SpreadsheetDocument), " +
                    $"{ResultTable.Time(times[PackageBare])} (write-only package), {ResultTable.Time(times[Epplus])} (EPPlus)");
                continue;
            }
            // Against the faster of the two bare packagings: the strictest reading of "within 1.3× the bare writer".
            var (bareName, bare) = times[PackageBare] <= times[SdkBare] ? ("bare writer", times[PackageBare]) : ("bare writer", times[SdkBare]);
            results.Ratio(what, times["ours"], bareName, bare, 1.3, "≤ 1.3");
            results.Ratio("  ours against EPPlus", times["ours"], "EPPlus", times[Epplus], 1.0, "< 1, faster");
        }
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
