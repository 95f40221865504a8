using System.Globalization;
using Investment.Domain;

namespace Investment.Benchmarks.Dashboard;

/// <summary>
/// One API request of the dashboard view. Requests of the same <see cref="Step"/> are made at once (at most six in flight,
/// as a browser does over HTTP/1.1); a step starts when the previous one has been answered, because the page awaits it.
/// </summary>
internal sealed record ViewRequest(int Step, string Name, string Url);

/// <summary>
/// The API requests one view of a county's leadership dashboard makes when it is opened (web/src/router.ts,
/// session.ts, views/DashboardView.vue), with the page's defaults: scope 全口径 ('all', which the figures endpoints take
/// as no scope parameter) and ranking by completion rate. Opening the page without a period in the URL makes the same
/// requests: the page replaces the URL with the default period and, the region being loaded already, goes on.
/// </summary>
internal static class DashboardView
{
    /// <summary>The scopes of the page's 按口径 table (vocab.ts without 'all'): one figures request each.</summary>
    private static readonly string[] TableScopes = ["comprehensive", "effective", "key_project", "major_programme", "livelihood"];

    public static IReadOnlyList<ViewRequest> Requests(string county, string city, ReportingMonth period)
    {
        var p = period.ToString();
        var year = period.Year.ToString(CultureInfo.InvariantCulture);
        // endOfMonth(): the period's last day (the page uses today instead when that is earlier; the period is past).
        var asOf = period.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var requests = new List<ViewRequest>
        {
            // 1–2. The router's guard loads the session before any view: the account, then the regions it may see.
            new(1, "auth/manage/info", "/api/v1/auth/manage/info"),
            new(2, "regions (tree)", "/api/v1/regions"),
            // 3. resolve(): the region and its rolled-up periods, together.
            new(3, "regions/{code}", $"/api/v1/regions/{county}"),
            new(3, "rollups (periods)", $"/api/v1/rollups?regionCode={county}"),
            // 4. loadSections() then loadRankings(): fired without awaiting each other, in this order.
            new(4, "figures", $"/api/v1/regions/{county}/figures?period={p}"),
            new(4, "series", $"/api/v1/regions/{county}/series?year={year}"),
            new(4, "figures/by-mode", $"/api/v1/regions/{county}/figures/by-mode?period={p}"),
            new(4, "figures/by-project", $"/api/v1/regions/{county}/figures/by-project?period={p}"),
        };
        requests.AddRange(TableScopes.Select(s => new ViewRequest(4, $"figures scope={s}", $"/api/v1/regions/{county}/figures?period={p}&scope={s}")));
        requests.AddRange(
        [
            new(4, "land-issues/stats", $"/api/v1/land-issues/stats?groupBy=region&regionCode={county}&asOf={asOf}"),
            new(4, "quantities", $"/api/v1/regions/{county}/quantities?year={year}"),
            new(4, "reports/missing", $"/api/v1/reports/missing?period={p}&regionCode={county}"),
            new(4, "rollups/{period}/findings", $"/api/v1/rollups/{p}/findings?regionCode={county}&pageSize=1"),
            // The ranking: the county among its city's counties, this month and last month (the rank change).
            new(4, "rollups/{period} (ranking)", $"/api/v1/rollups/{p}?regionCode={city}&scope=all&rankBy=completion"),
            new(4, "rollups/{previous} (rank change)", $"/api/v1/rollups/{period.Previous}?regionCode={city}&scope=all&rankBy=completion"),
        ]);
        return requests;
    }
}
