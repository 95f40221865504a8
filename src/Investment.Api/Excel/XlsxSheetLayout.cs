namespace Investment.Api.Excel;

/// <summary>
/// How a sheet looks, whichever writer renders it (<see cref="XlsxBook"/> with ClosedXML, or the streaming
/// <see cref="XlsxWriter"/> for sheets too big to hold): from the top, a merged title, the 制表单位/制表日期 line, the unit
/// line, an optional summary block, then the header and the rows; every page footed "第 x 页 共 y 页".
/// </summary>
public sealed record XlsxSheetLayout(string Name, IReadOnlyList<XlsxColumn> Columns)
{
    /// <summary>Row 1, merged across every column, bold 16pt.</summary>
    public string? Title { get; init; }

    /// <summary>"制表单位：…　制表日期：…" under the title, merged and left-aligned (<see cref="XlsxSheetLayout.IssuedBy"/>).</summary>
    public string? Issuer { get; init; }

    /// <summary>The unit line (e.g. "单位：亿元"), merged and right-aligned.</summary>
    public string? Subtitle { get; init; }

    /// <summary>Figures shown above the list (labels over values, then a blank row), e.g. a land-issue sheet's counts.</summary>
    public IReadOnlyList<XlsxSummaryItem> Summary { get; init; } = [];

    /// <summary>
    /// Print every column on one page width (a table of a few columns). Off for wide lists, which print at full size
    /// across as many pages as they need, header repeated, rather than shrunk to an unreadable scale.
    /// </summary>
    public bool FitToPageWidth { get; init; } = true;

    /// <summary>
    /// The print scale in percent when <see cref="FitToPageWidth"/> is off: 100, or less for a list a little too wide to
    /// be read across pages (the detail prints its figures on one page at 75%, about 8 pt).
    /// </summary>
    public int PrintScale { get; init; } = 100;

    /// <summary>
    /// Leading columns printed again on every page across (Excel's "columns to repeat at left"), so a page of a wide
    /// list still says whose row it is. 0: none.
    /// </summary>
    public int RepeatColumns { get; init; }

    /// <summary>
    /// The columns the title, 制表单位 and unit lines span, from the first; null: every column. A list printed across
    /// pages centres its title over the first page's columns, not over the whole width (half of it on page two).
    /// </summary>
    public int? HeadColumns { get; init; }

    /// <summary>
    /// Column widths are fitted from the header and the first this-many rows; the streaming writer holds those back
    /// and streams the rest. Every width is capped at <see cref="XlsxColumnWidths.Max"/> anyway.
    /// </summary>
    public int WidthSampleRows { get; init; } = 10_000;

    /// <summary>The one-based row number of the header.</summary>
    public int HeaderRow => 1 + (Title is null ? 0 : 1) + (Issuer is null ? 0 : 1) + (Subtitle is null ? 0 : 1) + (Summary.Count > 0 ? 3 : 0);

    /// <summary>"制表单位：诸暨市交通运输局　制表日期：2026年12月5日".</summary>
    public static string IssuedBy(string bureau, DateOnly day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"制表单位：{bureau}　制表日期：{day.Year}年{day.Month}月{day.Day}日");
}

/// <summary>
/// Row heights for wrapped text. LibreOffice does not fit row heights when it opens a file (a wrapped cell shows its
/// first line only), so both writers give a row the lines its longest wrapped cell takes at its column's fixed width;
/// a row of one line gets no height and stays Excel's default.
/// </summary>
public sealed class XlsxRowHeights
{
    /// <summary>Points per line of the 11 pt body font: Excel's default row, and enough for LibreOffice's CJK font.</summary>
    public const double LinePoints = 15;

    private readonly (int Index, int Width)[] _wrapped;

    public XlsxRowHeights(XlsxSheetLayout layout) =>
        _wrapped = layout.Columns.Select((c, i) => (c, i))
            .Where(x => x.c is { Style: XlsxStyle.WrappedText, Width: not null })
            .Select(x => (x.i, x.c.Width!.Value)).ToArray();

    /// <summary>The height of a data row in points, or null for one line.</summary>
    public double? Of(ReadOnlySpan<XlsxCell> cells)
    {
        var lines = 1;
        foreach (var (index, width) in _wrapped)
        {
            if (index < cells.Length && cells[index] is { Kind: XlsxCellKind.Text, TextValue: { } text })
            {
                lines = Math.Max(lines, XlsxText.Lines(text, width));
            }
        }
        return lines > 1 ? lines * LinePoints : null;
    }

    /// <summary>The header's height: headers wrap in their columns (a narrow figure column's unit goes to a second line).</summary>
    public static double? Header(XlsxSheetLayout layout, IReadOnlyList<double> widths)
    {
        var lines = layout.Columns.Select((c, i) => XlsxText.Lines(c.Header, (int)widths[i])).Max();
        return lines > 1 ? lines * LinePoints : null;
    }
}

/// <summary>One figure of a summary block: its label and value, formatted as <paramref name="Style"/>.</summary>
public sealed record XlsxSummaryItem(string Label, XlsxCell Value, XlsxStyle Style);

/// <summary>A sheet being written: rows go in order under the header.</summary>
public interface IXlsxSheet
{
    string Name { get; }

    /// <summary>Data rows written so far (title, head and header not counted).</summary>
    int RowCount { get; }

    /// <summary>One value per column (fewer leaves the rest empty), coloured as <paramref name="tone"/> says.</summary>
    void WriteRow(ReadOnlySpan<XlsxCell> cells, XlsxTone tone = XlsxTone.Plain);
}

/// <summary>A workbook being written, by either writer: sheets one after the other, then <see cref="Complete"/>.</summary>
public interface IXlsxWorkbook : IDisposable
{
    IXlsxSheet AddSheet(XlsxSheetLayout layout);

    void Complete();
}

/// <summary>Picks the writer for a sheet of a given size (README, Decisions: ClosedXML holds a whole workbook in memory).</summary>
public static class XlsxWorkbooks
{
    /// <summary>
    /// Above this many rows a list is written by the streaming writer: ClosedXML 0.95.4 holds the whole workbook in
    /// memory. Measured (benchmark part "lists", the 11-column land-issue sheet, 2 cores, load 3–4): ClosedXML 1,000 rows
    /// 0.17 s / 110 MB peak, 5,000 rows 0.87 s / 159 MB, 20,000 rows 2.8 s / 330 MB, 50,000 rows (a GET's most)
    /// 5.5 s / 754 MB; the streaming writer 0.05 / 0.14 / 0.5 / 1.0 s at 62–98 MB. At 5,000 a formatted list still takes
    /// under a second and about 90 MB more than streaming it; beyond, ClosedXML grows by ~15 MB and ~0.15 s a thousand
    /// rows, and two such GETs at once would hold a gigabyte (README, Decisions).
    /// </summary>
    public const int FormattedMaxRows = 5_000;

    /// <summary>ClosedXML for a sheet of at most <see cref="FormattedMaxRows"/> rows, the streaming writer above.</summary>
    public static IXlsxWorkbook Create(Stream stream, int expectedRows) =>
        expectedRows <= FormattedMaxRows ? XlsxBook.Create(stream) : XlsxWriter.Create(stream);
}

/// <summary>Column widths fitted to the text, counted in characters (CJK twice) rather than measured with GDI+.</summary>
public sealed class XlsxColumnWidths
{
    /// <summary>Widest column, in Excel's width unit (about one Latin character).</summary>
    public const int Max = 60;

    private readonly XlsxSheetLayout _layout;
    private readonly int[] _widths;

    public XlsxColumnWidths(XlsxSheetLayout layout)
    {
        _layout = layout;
        _widths = layout.Columns.Select(c => XlsxText.DisplayWidth(c.Header)).ToArray();
        for (var i = 0; i < layout.Summary.Count && i < _widths.Length; i++)
        {
            Measure(i, layout.Summary[i].Value, layout.Summary[i].Style);
            _widths[i] = Math.Max(_widths[i], XlsxText.DisplayWidth(layout.Summary[i].Label));
        }
    }

    public void Measure(ReadOnlySpan<XlsxCell> cells)
    {
        for (var i = 0; i < cells.Length && i < _widths.Length; i++)
        {
            Measure(i, cells[i], _layout.Columns[i].Style);
        }
    }

    private void Measure(int column, XlsxCell cell, XlsxStyle style)
    {
        var width = cell.Kind switch
        {
            XlsxCellKind.Text => XlsxText.DisplayWidth(cell.TextValue!),
            XlsxCellKind.Number => XlsxText.DisplayWidth(cell.NumberValue, style),
            XlsxCellKind.Date => 10,
            _ => 0,
        };
        if (width > _widths[column])
        {
            _widths[column] = width;
        }
    }

    /// <summary>
    /// The widths to write: fixed where the column says, else the widest text plus 2 for the margins and the filter
    /// button, between 4 and <see cref="Max"/>; widened evenly when the title (16pt against the body's 11pt) would not fit
    /// across the table, so a narrow table's title is never clipped.
    /// </summary>
    public double[] Final()
    {
        var widths = _widths.Select((w, i) => (double)(_layout.Columns[i].Width ?? Math.Clamp(w + 2, 4, Max))).ToArray();
        var titleWidth = _layout.Title is { } title ? (XlsxText.DisplayWidth(title) * XlsxStyles.Title.FontSize / XlsxStyles.BodyFontSize) + 4 : 0;
        var issuerWidth = Math.Max(_layout.Issuer is { } i ? XlsxText.DisplayWidth(i) + 2 : 0, _layout.Subtitle is { } s ? XlsxText.DisplayWidth(s) + 2 : 0);
        var needed = Math.Max(titleWidth, issuerWidth);
        var total = widths.Sum();
        if (needed > total)
        {
            var extra = (needed - total) / widths.Length;
            for (var c = 0; c < widths.Length; c++)
            {
                widths[c] = Math.Ceiling(widths[c] + extra);
            }
        }
        return widths;
    }
}
