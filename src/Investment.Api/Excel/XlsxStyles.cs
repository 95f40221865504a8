using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Api.Excel;

/// <summary>How a column's body cells are formatted. A column has one; a row's <see cref="XlsxTone"/> colours it.</summary>
public enum XlsxStyle
{
    /// <summary>Body text, on one line.</summary>
    Text,

    /// <summary>Whole numbers (counts): <c>0</c>.</summary>
    WholeNumber,

    /// <summary>Ranks: <c>0</c>, centred.</summary>
    Rank,

    /// <summary>Amounts in 万元: <c>#,##0.00</c>. The cell holds the exact amount; the format rounds for display only.</summary>
    Wan,

    /// <summary>Amounts in 亿元, and other two-decimal figures such as physical progress in percent: <c>#,##0.00</c>.</summary>
    Yi,

    /// <summary>Ratios shown as percent (completion, growth): <c>0.0%</c>.</summary>
    Rate,

    /// <summary>Percentage points (进度差), the cell holding points, not a ratio: <c>0.0</c>.</summary>
    Points,

    /// <summary>Dates (stored as serial numbers): <c>yyyy-mm-dd</c>.</summary>
    Date,

    /// <summary>Long text (a finding, a description), wrapped inside its column and aligned to the top.</summary>
    WrappedText,

    /// <summary>
    /// Amounts in 万元 typed in by a user (the import template): <c>#,##0.00##</c>, two decimals at least and up to the
    /// four a 万元 amount may carry (one yuan), so the cell shows what was typed rather than a rounding of it.
    /// </summary>
    WanEntry,
}

/// <summary>How a data row stands out: lagging rows red or yellow, as the dashboard colours them; total rows bold.</summary>
public enum XlsxTone
{
    Plain,
    Red,
    Yellow,
    Total,

    /// <summary>Listed for information only, not to be changed (a submitted or approved month in the import template): grey.</summary>
    Locked,
}

/// <summary>
/// What a kind of cell looks like, the one description both writers render: <see cref="XlsxStyles.Create"/> turns every
/// look into the streaming writer's stylesheet, <see cref="XlsxBook"/> into ClosedXML styles.
/// </summary>
public sealed record XlsxLook(
    string? NumberFormat = null,
    bool Bold = false,
    double FontSize = XlsxStyles.BodyFontSize,
    XlsxAlign Align = XlsxAlign.General,
    bool Wrap = false,
    bool Border = false,
    string? FillArgb = null,
    bool Top = false);

public enum XlsxAlign
{
    General,
    Left,
    Center,
    Right,
}

/// <summary>
/// The one stylesheet of every sheet the system writes. Cell-format (xf) indexes: the fixed looks of a sheet's head
/// (<see cref="TitleIndex"/> …), then every body style in every tone, so a body cell's <c>s</c> is
/// <see cref="Index"/>(style, tone).
/// </summary>
public static class XlsxStyles
{
    public const double BodyFontSize = 11;

    /// <summary>宋体 is what Chinese government spreadsheets use; where it is missing Excel and LibreOffice substitute a CJK font.</summary>
    public const string FontName = "宋体";

    /// <summary>Red-lag rows (Excel's "light red"), yellow-lag rows (Excel's "light yellow"), total rows and the header; ARGB.</summary>
    public const string RedFillArgb = "FFFFC7CE", YellowFillArgb = "FFFFEB9C", TotalFillArgb = "FFF2F2F2", HeaderFillArgb = "FFD9E1F2",
        LockedFillArgb = "FFE7E6E6", EntryFillArgb = "FFFFF2CC";

    /// <summary>"第 x 页 共 y 页", centred in every sheet's footer (Excel's header/footer codes).</summary>
    public const string PageFooter = "&C第 &P 页 共 &N 页";

    public const uint TitleIndex = 1, IssuerIndex = 2, SubtitleIndex = 3, HeaderIndex = 4;
    private const uint FirstBodyIndex = 5;

    public static readonly XlsxLook Title = new(Bold: true, FontSize: 16, Align: XlsxAlign.Center);
    public static readonly XlsxLook Issuer = new(Align: XlsxAlign.Left);
    public static readonly XlsxLook Subtitle = new(Align: XlsxAlign.Right);
    public static readonly XlsxLook Header = new(Bold: true, Align: XlsxAlign.Center, Wrap: true, Border: true, FillArgb: HeaderFillArgb);

    /// <summary>
    /// The header of a column a user fills in (the import template): light yellow, the usual mark of a fill-in column on
    /// a Chinese form. ClosedXML only (<see cref="XlsxBook"/>), so it is not in <see cref="Looks"/>.
    /// </summary>
    public static readonly XlsxLook EntryHeader = Header with { FillArgb = EntryFillArgb };

    private static readonly XlsxStyle[] BodyStyles = Enum.GetValues<XlsxStyle>();
    private static readonly XlsxTone[] Tones = Enum.GetValues<XlsxTone>();

    /// <summary>The xf index of a body cell.</summary>
    public static uint Index(XlsxStyle style, XlsxTone tone) => FirstBodyIndex + ((uint)tone * (uint)BodyStyles.Length) + (uint)style;

    public static string NumberFormat(XlsxStyle style) => style switch
    {
        XlsxStyle.WholeNumber or XlsxStyle.Rank => "0",
        XlsxStyle.Wan or XlsxStyle.Yi => "#,##0.00",
        XlsxStyle.WanEntry => "#,##0.00##",
        XlsxStyle.Rate => "0.0%",
        XlsxStyle.Points => "0.0",
        XlsxStyle.Date => "yyyy-mm-dd",
        _ => "@",
    };

    public static XlsxLook Body(XlsxStyle style, XlsxTone tone) => new(
        NumberFormat: style is XlsxStyle.Text or XlsxStyle.WrappedText ? null : NumberFormat(style),
        Bold: tone == XlsxTone.Total,
        Align: style is XlsxStyle.Rank or XlsxStyle.Date ? XlsxAlign.Center : XlsxAlign.General,
        Wrap: style == XlsxStyle.WrappedText,
        Border: true,
        FillArgb: tone switch
        {
            XlsxTone.Red => RedFillArgb,
            XlsxTone.Yellow => YellowFillArgb,
            XlsxTone.Total => TotalFillArgb,
            XlsxTone.Locked => LockedFillArgb,
            _ => null,
        },
        // Every body cell at the top, not only wrapped ones: in a row made taller by a wrapped cell, the other cells
        // then read along its first line instead of sitting at the bottom (or the middle) of the row.
        Top: true);

    /// <summary>Every look in xf order: Excel's plain default, the head, then the body styles tone by tone.</summary>
    public static IReadOnlyList<XlsxLook> Looks { get; } =
    [
        new XlsxLook(),
        Title,
        Issuer,
        Subtitle,
        Header,
        .. Tones.SelectMany(tone => BodyStyles.Select(style => Body(style, tone))),
    ];

    /// <summary>The Open XML stylesheet of <see cref="Looks"/>, fonts, fills, borders and formats each written once.</summary>
    public static Stylesheet Create()
    {
        var formatCodes = Looks.Select(l => l.NumberFormat).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        // Custom ids start at 164: ids below are Excel's built-ins.
        var formatIds = formatCodes.Select((code, i) => (code, id: 164u + (uint)i)).ToDictionary(x => x.code, x => x.id, StringComparer.Ordinal);
        var fontKeys = Looks.Select(l => (l.Bold, l.FontSize)).Distinct().ToList();
        // Fills 0 and 1 are reserved placeholders (none, gray125): Excel ignores whatever is written there.
        var fillKeys = Looks.Select(l => l.FillArgb).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        var formats = Looks.Select(look =>
        {
            var xf = new CellFormat
            {
                NumberFormatId = look.NumberFormat is { } code ? formatIds[code] : 0,
                FontId = (uint)fontKeys.IndexOf((look.Bold, look.FontSize)),
                FillId = look.FillArgb is { } fill ? 2 + (uint)fillKeys.IndexOf(fill) : 0,
                BorderId = look.Border ? 1u : 0u,
                FormatId = 0,
            };
            xf.ApplyNumberFormat = xf.NumberFormatId.Value != 0;
            xf.ApplyFont = xf.FontId.Value != 0;
            xf.ApplyFill = xf.FillId.Value != 0;
            xf.ApplyBorder = look.Border;
            if (look.Align != XlsxAlign.General || look.Wrap || look.Top)
            {
                xf.Append(new Alignment
                {
                    Horizontal = look.Align switch
                    {
                        XlsxAlign.Left => HorizontalAlignmentValues.Left,
                        XlsxAlign.Center => HorizontalAlignmentValues.Center,
                        XlsxAlign.Right => HorizontalAlignmentValues.Right,
                        _ => null,
                    },
                    Vertical = look.Top ? VerticalAlignmentValues.Top : VerticalAlignmentValues.Center,
                    WrapText = look.Wrap ? true : null,
                });
                xf.ApplyAlignment = true;
            }
            return xf;
        }).ToList();

        return new Stylesheet(
            new NumberingFormats(formatIds.Select(f => new NumberingFormat { NumberFormatId = f.Value, FormatCode = f.Key }))
            {
                Count = (uint)formatIds.Count,
            },
            new Fonts(fontKeys.Select(k => Font(k.FontSize, k.Bold))) { Count = (uint)fontKeys.Count },
            new Fills(
            [
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                .. fillKeys.Select(SolidFill),
            ]) { Count = 2 + (uint)fillKeys.Count },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(
                    new LeftBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                    new RightBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                    new TopBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                    new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                    new DiagonalBorder())) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(formats) { Count = (uint)formats.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 },
            new DifferentialFormats { Count = 0 },
            new TableStyles { Count = 0, DefaultTableStyle = "TableStyleMedium2", DefaultPivotStyle = "PivotStyleLight16" });
    }

    private static Font Font(double size, bool bold)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }
        font.Append(new FontSize { Val = size });
        font.Append(new FontName { Val = FontName });
        font.Append(new FontFamilyNumbering { Val = 3 });
        font.Append(new FontCharSet { Val = 134 });
        return font;
    }

    private static Fill SolidFill(string argb) =>
        new(new PatternFill(
            new ForegroundColor { Rgb = HexBinaryValue.FromString(argb) },
            new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });
}
