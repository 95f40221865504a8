namespace Investment.Benchmarks.Exports;

/// <summary>Our exporters (Features/Exports), called as the endpoints call them: rows in, xlsx out to a stream.</summary>
internal static class OursUnderTest
{
    // MERGE-PENDING(feature/excel): Excel/XlsxWriter and Features/Exports are not on main yet. Once they are, Available
    // becomes true and the two methods call the real sheets:
    //   CountyRankingSheet.Write(stream, new CountyRankingHeading("基准101市", false, SheetContents.Period, "effective", "ytd"), rows);
    //   ProjectDetailSheet.Write(stream, new ProjectDetailHeading("基准10省", SheetContents.Period, "all"), rows);
    public static bool Available => false;

    public static void WriteRanking(Stream stream, IEnumerable<RankingRow> rows) =>
        throw new NotSupportedException("The exports (feature/excel) are not in this build.");

    public static int WriteDetail(Stream stream, IEnumerable<DetailRow> rows) =>
        throw new NotSupportedException("The exports (feature/excel) are not in this build.");
}
