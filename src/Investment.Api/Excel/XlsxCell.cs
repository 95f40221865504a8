namespace Investment.Api.Excel;

public enum XlsxCellKind : byte
{
    Empty,
    Text,
    Number,
    Date,
}

/// <summary>
/// One cell's value. Its style comes from the column (<see cref="XlsxColumn"/>), so a row is just values.
/// A null value of any kind is an empty cell (still bordered and, on a red row, filled).
/// </summary>
public readonly record struct XlsxCell
{
    private XlsxCell(XlsxCellKind kind, string? text, decimal number, DateOnly date)
    {
        Kind = kind;
        TextValue = text;
        NumberValue = number;
        DateValue = date;
    }

    public XlsxCellKind Kind { get; }

    public string? TextValue { get; }

    public decimal NumberValue { get; }

    public DateOnly DateValue { get; }

    public static XlsxCell Empty => default;

    /// <summary>Always a string cell: text such as "=1+1" is stored as text, never as a formula. Null or "" is an empty cell.</summary>
    public static XlsxCell Text(string? value) =>
        string.IsNullOrEmpty(value) ? default : new XlsxCell(XlsxCellKind.Text, value, 0, default);

    public static XlsxCell Number(decimal? value) =>
        value is { } v ? new XlsxCell(XlsxCellKind.Number, null, v, default) : default;

    public static XlsxCell Date(DateOnly? value) =>
        value is { } v ? new XlsxCell(XlsxCellKind.Date, null, 0, v) : default;
}

/// <summary>
/// A column: its header text and the style of its body cells. <paramref name="Width"/> fixes the width (in Excel's unit,
/// about one Latin character) instead of fitting it to the text: for wrapped text, which should wrap, not widen.
/// </summary>
public sealed record XlsxColumn(string Header, XlsxStyle Style, int? Width = null);
