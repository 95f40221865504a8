using Investment.Api.Excel;
using Investment.Api.Features.Exports;

namespace Investment.Benchmarks.Exports;

/// <summary>Our exporters (Features/Exports), called as the endpoints call them: rows in, xlsx out to a stream.</summary>
internal static class OursUnderTest
{
    public static readonly CountyRankingHeading RankingHeading = new("基准101市", ParentIsProvince: false, SheetContents.Period, "effective", "ytd",
        XlsxSheetLayout.IssuedBy("基准101市交通运输局", new DateOnly(2026, 1, 10)));

    public static readonly ProjectDetailHeading DetailHeading = new("基准10省", SheetContents.Period, "all");

    /// <summary>The ranking as the endpoint writes it (ClosedXML), or into another writer of the same layout.</summary>
    public static void WriteRanking(IXlsxWorkbook xlsx, (List<RankingRow> Rows, RankingRow Total) table)
    {
        using (xlsx)
        {
            CountyRankingSheet.Write(xlsx, RankingHeading, table.Rows, table.Total);
        }
    }

    public static int WriteDetail(Stream stream, IEnumerable<DetailRow> rows) => ProjectDetailSheet.Write(stream, DetailHeading, rows);
}
