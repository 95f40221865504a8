using System.Globalization;

namespace Investment.Domain;

/// <summary>
/// A reporting period (报告期): one calendar month of one year, written "yyyy-MM" (e.g. "2023-07").
/// Every "which month" in the system is one of these, so month arithmetic lives here and nowhere else.
/// </summary>
/// <remarks>
/// Valid values have <see cref="Year"/> in <see cref="MinYear"/>..<see cref="MaxYear"/> and
/// <see cref="Month"/> in 1..12; the constructor enforces this. <c>default(ReportingMonth)</c> is 0000-00,
/// is not a valid month and must not be used as one.
/// </remarks>
public readonly record struct ReportingMonth : IComparable<ReportingMonth>
{
    /// <summary>Earliest year accepted (1900).</summary>
    public const int MinYear = 1900;

    /// <summary>Latest year accepted (9999, the last year <see cref="DateOnly"/> can hold).</summary>
    public const int MaxYear = 9999;

    /// <summary>Creates the month <paramref name="month"/> of <paramref name="year"/>.</summary>
    /// <param name="year">Calendar year, <see cref="MinYear"/>..<see cref="MaxYear"/>.</param>
    /// <param name="month">Calendar month, 1 (January) to 12 (December).</param>
    /// <exception cref="ArgumentOutOfRangeException">The year or the month is outside its range.</exception>
    public ReportingMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    /// <summary>Calendar year, <see cref="MinYear"/>..<see cref="MaxYear"/>.</summary>
    public int Year { get; }

    /// <summary>Calendar month, 1 (January) to 12 (December).</summary>
    public int Month { get; }

    /// <summary>The month before this one (January → December of the previous year).</summary>
    /// <exception cref="InvalidOperationException">This is January <see cref="MinYear"/>.</exception>
    public ReportingMonth Previous => AddMonths(-1);

    /// <summary>The month after this one (December → January of the next year).</summary>
    /// <exception cref="InvalidOperationException">This is December <see cref="MaxYear"/>.</exception>
    public ReportingMonth Next => AddMonths(1);

    /// <summary>The same month one year earlier: the base period of a year-on-year comparison (同比).</summary>
    /// <exception cref="InvalidOperationException">This is in <see cref="MinYear"/>.</exception>
    public ReportingMonth SameMonthLastYear => AddMonths(-12);

    /// <summary>January of the same year: where year-to-date (1-N月累计) sums start.</summary>
    public ReportingMonth YearStart => new(Year, 1);

    /// <summary>The first day of the month.</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The last day of the month (28, 29, 30 or 31; leap years included).</summary>
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    /// <summary>The month a date falls in.</summary>
    /// <param name="date">Any date with a year in <see cref="MinYear"/>..<see cref="MaxYear"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The date's year is before <see cref="MinYear"/>.</exception>
    public static ReportingMonth Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>
    /// The month <paramref name="months"/> calendar months after this one (before it when negative).
    /// </summary>
    /// <exception cref="InvalidOperationException">The result would fall outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</exception>
    public ReportingMonth AddMonths(int months)
    {
        var index = ((long)Year * 12) + (Month - 1) + months;
        var year = index / 12;
        if (year < MinYear || year > MaxYear)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{this} plus {months} months is outside {MinYear}-01..{MaxYear}-12."));
        }

        return new ReportingMonth((int)year, (int)(index % 12) + 1);
    }

    /// <summary>
    /// Every month from this one through <paramref name="end"/>, both included, in order.
    /// Empty when <paramref name="end"/> is before this month; one item when they are equal.
    /// </summary>
    public IEnumerable<ReportingMonth> MonthsThrough(ReportingMonth end)
    {
        for (var m = this; m <= end; m = m.Next)
        {
            yield return m;
            if (m == end)
            {
                // Stop before Next, which would throw on December 9999.
                yield break;
            }
        }
    }

    /// <summary>
    /// Parses exactly "yyyy-MM": four ASCII digits, a hyphen, two ASCII digits (e.g. "2023-07").
    /// "2023-7", " 2023-07", "2023/07" and "2023-07-01" are rejected; so are months outside 01..12 and
    /// years outside <see cref="MinYear"/>..<see cref="MaxYear"/>.
    /// </summary>
    /// <param name="s">The text to parse; <c>null</c> gives <c>false</c>.</param>
    /// <param name="result">The parsed month, or <c>default</c> when parsing fails.</param>
    /// <returns><c>true</c> when <paramref name="s"/> is a valid month.</returns>
    public static bool TryParse(string? s, out ReportingMonth result)
    {
        result = default;
        if (s is null || s.Length != 7 || s[4] != '-')
        {
            return false;
        }

        var year = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            year = (year * 10) + (s[i] - '0');
        }

        if (!char.IsAsciiDigit(s[5]) || !char.IsAsciiDigit(s[6]))
        {
            return false;
        }

        var month = ((s[5] - '0') * 10) + (s[6] - '0');
        if (year < MinYear || month < 1 || month > 12)
        {
            return false;
        }

        result = new ReportingMonth(year, month);
        return true;
    }

    /// <summary>Parses exactly "yyyy-MM"; see <see cref="TryParse(string?, out ReportingMonth)"/> for the rules.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <c>null</c>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid "yyyy-MM" month.</exception>
    public static ReportingMonth Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var result)
            ? result
            : throw new FormatException($"'{s}' is not a month in the form yyyy-MM (e.g. 2023-07).");
    }

    /// <summary>The month as "yyyy-MM" (e.g. "2023-07"), independent of the current culture.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    /// <summary>Deconstructs into year and month.</summary>
    public void Deconstruct(out int year, out int month)
    {
        year = Year;
        month = Month;
    }

    /// <summary>Chronological order: negative when this month is earlier than <paramref name="other"/>.</summary>
    public int CompareTo(ReportingMonth other) =>
        Year != other.Year ? Year.CompareTo(other.Year) : Month.CompareTo(other.Month);

    /// <summary>True when <paramref name="left"/> is an earlier month than <paramref name="right"/>.</summary>
    public static bool operator <(ReportingMonth left, ReportingMonth right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is a later month than <paramref name="right"/>.</summary>
    public static bool operator >(ReportingMonth left, ReportingMonth right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is the same month as, or earlier than, <paramref name="right"/>.</summary>
    public static bool operator <=(ReportingMonth left, ReportingMonth right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is the same month as, or later than, <paramref name="right"/>.</summary>
    public static bool operator >=(ReportingMonth left, ReportingMonth right) => left.CompareTo(right) >= 0;
}
