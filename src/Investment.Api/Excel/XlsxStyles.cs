using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Api.Excel;

/// <summary>
/// The few cell styles every export uses. The numeric value is the cell-format (xf) index in the stylesheet
/// <see cref="XlsxStyles.Create"/> builds, so a cell's <c>s</c> attribute is just <c>(uint)style</c>.
/// Body styles come in pairs: the plain one and its red-fill variant for red-lag rows (<see cref="XlsxStyles.Highlighted"/>).
/// </summary>
public enum XlsxStyle : uint
{
    /// <summary>Excel's own default (xf 0 must exist and be plain).</summary>
    Default = 0,

    /// <summary>Sheet title: bold 14pt, centred (merged across the table).</summary>
    Title = 1,

    /// <summary>The line under the title ("单位：亿元"), right-aligned.</summary>
    Subtitle = 2,

    /// <summary>Column header: bold, grey fill, thin border, wrapped, centred.</summary>
    Header = 3,

    /// <summary>Body text.</summary>
    Text = 4,

    /// <summary>Whole numbers (ranks, counts): <c>0</c>.</summary>
    WholeNumber = 5,

    /// <summary>Amounts in 万元: <c>#,##0.0000</c> (four decimals, exact to the yuan).</summary>
    Wan = 6,

    /// <summary>Amounts in 亿元, and other two-decimal figures such as physical progress in percent: <c>#,##0.00</c>.</summary>
    Yi = 7,

    /// <summary>Ratios shown as percent (completion, growth, lag): <c>0.0%</c>.</summary>
    Rate = 8,

    /// <summary>Dates (stored as serial numbers): <c>yyyy-mm-dd</c>.</summary>
    Date = 9,

    TextRed = 10,
    WholeNumberRed = 11,
    WanRed = 12,
    YiRed = 13,
    RateRed = 14,
    DateRed = 15,
}

/// <summary>Builds the stylesheet behind <see cref="XlsxStyle"/>; its order must match the enum.</summary>
public static class XlsxStyles
{
    /// <summary>The fill of red-lag rows (Excel's "light red"); ARGB.</summary>
    public const string RedFillArgb = "FFFFC7CE";

    /// <summary>The header fill; ARGB.</summary>
    public const string HeaderFillArgb = "FFD9E1F2";

    /// <summary>Format codes by number-format id. Custom ids start at 164: ids below are Excel's built-ins.</summary>
    public static readonly IReadOnlyDictionary<uint, string> NumberFormats = new Dictionary<uint, string>
    {
        [164] = "0",
        [165] = "#,##0.0000",
        [166] = "#,##0.00",
        [167] = "0.0%",
        [168] = "yyyy-mm-dd",
    };

    private const uint WholeNumberFormat = 164, WanFormat = 165, YiFormat = 166, RateFormat = 167, DateFormat = 168;
    private const uint RegularFont = 0, BoldFont = 1, TitleFont = 2;
    private const uint HeaderFill = 2, RedFill = 3;
    private const uint ThinBorder = 1;

    /// <summary>The red-fill variant of a body style; other styles are returned unchanged.</summary>
    public static XlsxStyle Highlighted(XlsxStyle style) => style switch
    {
        XlsxStyle.Text => XlsxStyle.TextRed,
        XlsxStyle.WholeNumber => XlsxStyle.WholeNumberRed,
        XlsxStyle.Wan => XlsxStyle.WanRed,
        XlsxStyle.Yi => XlsxStyle.YiRed,
        XlsxStyle.Rate => XlsxStyle.RateRed,
        XlsxStyle.Date => XlsxStyle.DateRed,
        _ => style,
    };

    /// <summary>The plain body style of a red variant (the inverse of <see cref="Highlighted"/>).</summary>
    public static XlsxStyle Plain(XlsxStyle style) => style switch
    {
        XlsxStyle.TextRed => XlsxStyle.Text,
        XlsxStyle.WholeNumberRed => XlsxStyle.WholeNumber,
        XlsxStyle.WanRed => XlsxStyle.Wan,
        XlsxStyle.YiRed => XlsxStyle.Yi,
        XlsxStyle.RateRed => XlsxStyle.Rate,
        XlsxStyle.DateRed => XlsxStyle.Date,
        _ => style,
    };

    public static Stylesheet Create()
    {
        var numberFormats = new NumberingFormats(NumberFormats.Select(f =>
            new NumberingFormat { NumberFormatId = f.Key, FormatCode = f.Value })) { Count = (uint)NumberFormats.Count };

        // 宋体 is what Chinese government spreadsheets use; where it is missing Excel and LibreOffice substitute a CJK font.
        var fonts = new Fonts(
            Font(11, bold: false),
            Font(11, bold: true),
            Font(14, bold: true)) { Count = 3 };

        // Fills 0 and 1 are reserved placeholders (none, gray125): Excel ignores whatever is written there.
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            SolidFill(HeaderFillArgb),
            SolidFill(RedFillArgb)) { Count = 4 };

        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(
                new LeftBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new RightBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new TopBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new DiagonalBorder())) { Count = 2 };

        var cellStyleFormats = new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 };

        // Order = XlsxStyle values.
        CellFormat[] formats =
        [
            new CellFormat { NumberFormatId = 0, FontId = RegularFont, FillId = 0, BorderId = 0, FormatId = 0 },
            Xf(0, TitleFont, 0, 0, new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }),
            Xf(0, RegularFont, 0, 0, new Alignment { Horizontal = HorizontalAlignmentValues.Right, Vertical = VerticalAlignmentValues.Center }),
            Xf(0, BoldFont, HeaderFill, ThinBorder, new Alignment
            {
                Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true,
            }),
            .. BodyFormats(fill: 0),
            .. BodyFormats(fill: RedFill),
        ];
        var cellFormats = new CellFormats(formats) { Count = (uint)formats.Length };

        return new Stylesheet(
            numberFormats,
            fonts,
            fills,
            borders,
            cellStyleFormats,
            cellFormats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 },
            new DifferentialFormats { Count = 0 },
            new TableStyles { Count = 0, DefaultTableStyle = "TableStyleMedium2", DefaultPivotStyle = "PivotStyleLight16" });
    }

    private static IEnumerable<CellFormat> BodyFormats(uint fill)
    {
        yield return Xf(0, RegularFont, fill, ThinBorder, new Alignment { Vertical = VerticalAlignmentValues.Center });
        yield return Xf(WholeNumberFormat, RegularFont, fill, ThinBorder, null);
        yield return Xf(WanFormat, RegularFont, fill, ThinBorder, null);
        yield return Xf(YiFormat, RegularFont, fill, ThinBorder, null);
        yield return Xf(RateFormat, RegularFont, fill, ThinBorder, null);
        yield return Xf(DateFormat, RegularFont, fill, ThinBorder, new Alignment { Horizontal = HorizontalAlignmentValues.Center });
    }

    private static CellFormat Xf(uint numberFormat, uint font, uint fill, uint border, Alignment? alignment)
    {
        var xf = new CellFormat
        {
            NumberFormatId = numberFormat, FontId = font, FillId = fill, BorderId = border, FormatId = 0,
            ApplyNumberFormat = numberFormat != 0, ApplyFont = font != RegularFont, ApplyFill = fill != 0, ApplyBorder = border != 0,
        };
        if (alignment is not null)
        {
            xf.Append(alignment);
            xf.ApplyAlignment = true;
        }
        return xf;
    }

    private static Font Font(double size, bool bold)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }
        font.Append(new FontSize { Val = size });
        font.Append(new FontName { Val = "宋体" });
        font.Append(new FontFamilyNumbering { Val = 3 });
        font.Append(new FontCharSet { Val = 134 });
        return font;
    }

    private static Fill SolidFill(string argb) =>
        new(new PatternFill(
            new ForegroundColor { Rgb = HexBinaryValue.FromString(argb) },
            new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });
}
