using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Features.Reporting;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Imports;

/// <summary>The region (any level: its whole subtree) and the month a template or an upload is for.</summary>
public sealed record ImportTarget(string RegionCode, string RegionName, IReadOnlyList<string> RegionCodes, ReportingMonth Month)
{
    /// <summary>
    /// Checks the <c>regionCode</c> and <c>period</c> query parameters the way the reporting endpoints do (a period
    /// in the future is refused); errors are keyed by parameter name.
    /// </summary>
    public static async Task<(ImportTarget? Target, Dictionary<string, Message> Errors)> ResolveAsync(
        CallerScope scope, string? regionCode, string? period, DateOnly today, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(period))
        {
            errors["period"] = new("Give the period, e.g. period=2023-12.", "请指定月份，例如period=2023-12。");
        }
        else if (ReportRules.PeriodError(period, today) is { } periodError)
        {
            errors["period"] = periodError;
        }
        Data.Region? region = null;
        List<string> codes = [];
        if (string.IsNullOrWhiteSpace(regionCode))
        {
            errors["regionCode"] = new("Give the region code, e.g. regionCode=330681.", "请指定行政区划代码，例如regionCode=330681。");
        }
        else
        {
            region = await scope.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Code == regionCode, ct);
            codes = region is null ? [] : await RegionQueries.SubtreeCodesAsync(scope.Regions, regionCode, ct);
            if (region is null)
            {
                errors["regionCode"] = Messages.UnknownRegion(regionCode);
            }
        }
        return errors.Count > 0
            ? (null, errors)
            : (new ImportTarget(region!.Code, region.Name, codes, ReportingMonth.Parse(period!)), errors);
    }
}
