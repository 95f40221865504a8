using Investment.Api.Features.Exports;

namespace Investment.Benchmarks.Exports;

/// <summary>Our exporters (Features/Exports), called as the endpoints call them: rows in, xlsx out to a stream.</summary>
internal static class OursUnderTest
{
    public static readonly CountyRankingHeading RankingHeading = new("基准101市", ParentIsProvince: false, SheetContents.Period, "effective", "ytd");

    public static readonly ProjectDetailHeading DetailHeading = new("基准10省", SheetContents.Period, "all");

    public static void WriteRanking(Stream stream, IEnumerable<RankingRow> rows) => CountyRankingSheet.Write(stream, RankingHeading, rows);

    public static int WriteDetail(Stream stream, IEnumerable<DetailRow> rows) => ProjectDetailSheet.Write(stream, DetailHeading, rows);
}
