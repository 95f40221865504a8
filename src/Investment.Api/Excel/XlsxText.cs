using System.Globalization;
using System.Text;

namespace Investment.Api.Excel;

/// <summary>Small text rules of the xlsx format: column names, cell text escaping, display widths, date serials.</summary>
public static class XlsxText
{
    /// <summary>Excel's limit on the characters of one cell.</summary>
    public const int MaxCellLength = 32_767;

    private static readonly DateOnly SerialEpoch = new(1899, 12, 30);

    /// <summary>"A", "B", …, "Z", "AA", … for a zero-based column index.</summary>
    public static string ColumnName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>"A1"-style reference of a zero-based column and a one-based row.</summary>
    public static string Reference(int column, int row) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Excel's date serial number (days since 1899-12-30; right for every date from 1900-03-01 on, which is all we store).
    /// </summary>
    public static int DateSerial(DateOnly date) => date.DayNumber - SerialEpoch.DayNumber;

    /// <summary>
    /// Makes text storable in a cell: characters XML 1.0 cannot carry (control characters other than tab and LF;
    /// lone surrogates; U+FFFE/U+FFFF) become Excel's <c>_xHHHH_</c> escapes, a literal "_xHHHH_" in the text is
    /// protected with <c>_x005F_</c> so Excel does not decode it, and text longer than Excel's cell limit is cut.
    /// CR LF becomes LF (a line break in a cell, as Excel stores it); a lone CR becomes <c>_x000D_</c>, because an XML
    /// parser would turn a raw CR into LF.
    /// </summary>
    public static string Escape(string text)
    {
        if (text.Length > MaxCellLength)
        {
            text = text[..MaxCellLength];
        }
        if (!NeedsEscaping(text))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (IsXmlInvalid(c))
            {
                sb.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
            }
            else if (c == '_' && LooksLikeEscape(text, i))
            {
                sb.Append("_x005F_");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The width the text needs, in Excel's width unit (about one Latin digit): CJK and other full-width characters
    /// count double. For a multi-line cell, the longest line.
    /// </summary>
    public static int DisplayWidth(string text)
    {
        int longest = 0, width = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                longest = Math.Max(longest, width);
                width = 0;
            }
            else
            {
                width += CharWidth(c);
            }
        }
        return Math.Max(longest, width);
    }

    /// <summary>
    /// The lines the text takes wrapped in a column <paramref name="columnWidth"/> wide (a character that does not fit
    /// starts a new line, as CJK text wraps; a unit is kept for the cell's margins). At least 1.
    /// </summary>
    public static int Lines(string text, int columnWidth)
    {
        var usable = Math.Max(2, columnWidth - 1);
        int lines = 1, width = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
                width = 0;
                continue;
            }
            var w = CharWidth(c);
            if (width + w > usable)
            {
                lines++;
                width = 0;
            }
            width += w;
        }
        return lines;
    }

    // A surrogate pair is one character outside the BMP (mostly CJK extensions): 2 for the high half, 0 for the low.
    private static int CharWidth(char c) => char.IsLowSurrogate(c) ? 0 : IsWide(c) || char.IsHighSurrogate(c) ? 2 : 1;

    /// <summary>The width of a number as it shows under a style's number format.</summary>
    public static int DisplayWidth(decimal value, XlsxStyle style) => style switch
    {
        XlsxStyle.WholeNumber or XlsxStyle.Rank => decimal.Round(value, 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture).Length,
        XlsxStyle.Rate => (value * 100).ToString("0.0", CultureInfo.InvariantCulture).Length + 1,
        XlsxStyle.Points => value.ToString("0.0", CultureInfo.InvariantCulture).Length,
        XlsxStyle.WanEntry => value.ToString("#,##0.00##", CultureInfo.InvariantCulture).Length,
        _ => value.ToString("#,##0.00", CultureInfo.InvariantCulture).Length,
    };

    private static bool NeedsEscaping(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsXmlInvalid(c) || (c == '_' && LooksLikeEscape(text, i)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsXmlInvalid(char c) =>
        (c < 0x20 && c is not ('\t' or '\n')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);

    private static bool LooksLikeEscape(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3])
        && char.IsAsciiHexDigit(text[i + 4]) && char.IsAsciiHexDigit(text[i + 5]) && text[i + 6] == '_';

    private static bool IsWide(char c) =>
        c is >= '\u1100' and <= '\u115F'
            or >= '\u2E80' and <= '\uA4CF'
            or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF'
            or >= '\uFE30' and <= '\uFE4F'
            or >= '\uFF00' and <= '\uFF60'
            or >= '\uFFE0' and <= '\uFFE6';
}
