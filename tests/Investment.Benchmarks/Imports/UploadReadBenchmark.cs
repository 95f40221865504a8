using System.Diagnostics;
using System.Globalization;
using ClosedXML.Excel;
using Investment.Api.Excel;
using Investment.Api.Features.Imports;
using Investment.Domain;

namespace Investment.Benchmarks.Imports;

/// <summary>
/// Reading an uploaded monthly-report template: the streaming <see cref="XlsxSheetReader"/> the upload uses against
/// ClosedXML loading the workbook (<c>new XLWorkbook(stream)</c>) and reading cached values only, never evaluating a
/// formula. Both turn every row of the data sheet and the meta sheet into the same <see cref="SheetRow"/>s the upload
/// checks, so what follows them (<see cref="MonthlyReportUpload"/>) costs the same whichever read them. The files are
/// templates written by <see cref="MonthlyReportTemplateWriter"/> with every row filled in (amount, progress, a distinct
/// narrative, problems on every third row): shared strings, as a workbook saved by Excel has.
/// </summary>
internal static class UploadReadBenchmark
{
    public static readonly IReadOnlyList<int> RowCounts = [2_000, 20_000];

    private const string Streaming = "streaming XlsxSheetReader";
    private const string ClosedXml = "ClosedXML 0.95.4, cached values";

    public static async Task RunAsync(BenchOptions options, ResultTable results)
    {
        foreach (var rows in RowCounts)
        {
            // Written twice: the first time compiles ClosedXML's paths; the second is what the template endpoint costs.
            _ = Template(rows);
            var clock = Stopwatch.StartNew();
            var file = Template(rows);
            var written = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Upload read, {rows:N0}-row template ({file.Length / 1048576.0:F1} MB, written in {ResultTable.Time(written)})…"));
            results.Info(string.Create(CultureInfo.InvariantCulture, $"template written ({rows:N0} rows, ClosedXML)"), ResultTable.Time(written));
            var expected = rows + MonthlyReportSheet.FirstDataRow - 1;
            var readers = new (string Name, Func<byte[], Action?, int> Read)[] { (Streaming, ReadStreaming), (ClosedXml, ReadClosedXml) };
            foreach (var (name, read) in readers)
            {
                // Both must see every row and the five meta rows, or the comparison would be unfair.
                var seen = read(file, null);
                if (seen != expected + 5)
                {
                    throw new InvalidOperationException($"{name} read {seen} rows, not {expected + 5}.");
                }
            }

            var times = await Measure.InterleavedMediansAsync(options.Runs,
                readers.Select(r => new Measure.Contender(r.Name, Measure.Sync(() => r.Read(file, null)))).ToList());
            var memory = readers.ToDictionary(r => r.Name, r => Memory(r.Read, file), StringComparer.Ordinal);
            foreach (var (name, _) in readers)
            {
                Console.WriteLine($"    {name}: {ResultTable.Time(times[name])}, {MemoryProbe.Megabytes(memory[name].Allocated)} allocated, " +
                                  $"{MemoryProbe.Megabytes(memory[name].Held)} held while open");
            }
            var what = string.Create(CultureInfo.InvariantCulture, $"upload read ({rows:N0} rows)");
            results.Info(what + ", " + Streaming, $"{ResultTable.Time(times[Streaming])}, {MemoryProbe.Megabytes(memory[Streaming].Allocated)} allocated, {MemoryProbe.Megabytes(memory[Streaming].Held)} held");
            results.Info(what + ", " + ClosedXml, $"{ResultTable.Time(times[ClosedXml])}, {MemoryProbe.Megabytes(memory[ClosedXml].Allocated)} allocated, {MemoryProbe.Megabytes(memory[ClosedXml].Held)} held");
            results.Info(what + ", ClosedXML ÷ streaming", string.Create(CultureInfo.InvariantCulture,
                $"time {times[ClosedXml] / times[Streaming]:F1}×, allocated {(double)memory[ClosedXml].Allocated / memory[Streaming].Allocated:F1}×, held {(double)memory[ClosedXml].Held / Math.Max(1, memory[Streaming].Held):F1}×"));
        }
    }

    /// <summary>A template of <paramref name="rows"/> open sections, filled in as a county would before uploading.</summary>
    internal static byte[] Template(int rows)
    {
        var random = new Random(20231231);
        var list = Enumerable.Range(1, rows).Select(i => new TemplateRow(
            100_000 + i, "诸暨市", $"ZJ-{i:D5}", $"诸暨市第{i}号交通建设项目", $"第{(i % 7) + 1}标段", "草稿", true, false,
            Math.Round((decimal)(random.NextDouble() * 5000), 4), Math.Round((decimal)(random.NextDouble() * 100), 2),
            null,
            $"本月完成路基土石方{random.Next(1, 50)}万立方米，桥梁桩基{random.Next(1, 40)}根，第{i}段路面施工。",
            i % 3 == 0 ? $"征地拆迁尚有{random.Next(1, 9)}户未签协议。" : null)).ToList();
        using var stream = new MemoryStream();
        MonthlyReportTemplateWriter.Write(stream, new TemplateModel("330681", "诸暨市", new ReportingMonth(2023, 12), DateTimeOffset.UnixEpoch,
            XlsxSheetLayout.IssuedBy("诸暨市交通运输局", new DateOnly(2024, 1, 5)), list));
        return stream.ToArray();
    }

    /// <summary>
    /// What the upload does: the streaming reader over the bytes, every row of both sheets; <paramref name="whileOpen"/>
    /// runs after the last row, before the reader is closed.
    /// </summary>
    internal static int ReadStreaming(byte[] file, Action? whileOpen)
    {
        using var reader = XlsxSheetReader.Open(new MemoryStream(file, writable: false), ImportLimits.DefaultMaxExpandedBytes);
        var rows = reader.Rows(MonthlyReportSheet.MetaSheetName).Count() + reader.Rows(MonthlyReportSheet.SheetName).Count();
        whileOpen?.Invoke();
        return rows;
    }

    /// <summary>ClosedXML loading the workbook, then the same rows built from cached values (a formula is never evaluated).</summary>
    internal static int ReadClosedXml(byte[] file, Action? whileOpen)
    {
        using var workbook = new XLWorkbook(new MemoryStream(file, writable: false));
        var rows = RowsOf(workbook.Worksheet(MonthlyReportSheet.MetaSheetName)).Count() + RowsOf(workbook.Worksheet(MonthlyReportSheet.SheetName)).Count();
        whileOpen?.Invoke();
        return rows;
    }

    private static IEnumerable<SheetRow> RowsOf(IXLWorksheet sheet)
    {
        foreach (var row in sheet.RowsUsed())
        {
            var cells = new Dictionary<int, SheetCell>();
            foreach (var cell in row.CellsUsed())
            {
                var value = CellOf(cell);
                if (value.Kind != SheetCellKind.Empty)
                {
                    cells[value.Column] = value;
                }
            }
            if (cells.Count > 0)
            {
                yield return new SheetRow(row.RowNumber(), cells);
            }
        }
    }

    private static SheetCell CellOf(IXLCell cell)
    {
        var (r, c) = (cell.Address.RowNumber, cell.Address.ColumnNumber);
        // Value would calculate a formula; CachedValue is what the file holds.
        var value = cell.HasFormula ? cell.CachedValue : cell.Value;
        if (value is null || (value is string s && s.Length == 0))
        {
            return new SheetCell(r, c, cell.HasFormula ? SheetCellKind.FormulaWithoutValue : SheetCellKind.Empty, null);
        }
        return value switch
        {
            double d => new SheetCell(r, c, SheetCellKind.Number, d.ToString("R", CultureInfo.InvariantCulture)),
            bool b => new SheetCell(r, c, SheetCellKind.Boolean, b ? "1" : "0"),
            DateTime t => new SheetCell(r, c, SheetCellKind.Date, t.ToString("O", CultureInfo.InvariantCulture)),
            _ => new SheetCell(r, c, SheetCellKind.Text, Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>
    /// Bytes allocated by one read, and the managed heap the open reader holds once every row has been read (the rows
    /// themselves not kept): the streaming reader keeps the shared strings, ClosedXML the whole workbook.
    /// </summary>
    private static (long Allocated, long Held) Memory(Func<byte[], Action?, int> read, byte[] file)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long held = 0;
        read(file, () => held = GC.GetTotalMemory(forceFullCollection: true) - before);
        return (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, held);
    }
}
