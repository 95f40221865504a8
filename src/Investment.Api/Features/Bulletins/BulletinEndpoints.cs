using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Figures;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Bulletins;

public static class BulletinEndpoints
{
    public static IEndpointRouteBuilder MapBulletins(this IEndpointRouteBuilder app)
    {
        // Read like the region's figures: whoever may read them gets the bulletin, narrowed to their scope.
        app.MapGroup("/api/v1/bulletins").WithTags("Bulletins")
            .MapGet("/{regionCode}/{period}", GetBulletin.Handle).WithName("GetBulletin");
        return app;
    }
}

public static class GetBulletin
{
    private static readonly string[] Formats = ["json", "docx"];

    /// <summary>
    /// The monthly bulletin (交通投资月度通报) of a region: JSON paragraphs whose every figure links to its source, or with
    /// format=docx the same text as a Word document (an attachment with an ASCII filename and a UTF-8 filename*).
    /// A month without plans or reports answers a short bulletin that says so.
    /// </summary>
    public static async Task<Results<Ok<BulletinResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string regionCode, string period, CallerScope scope, InvestmentDb db, BureauClock clock, HttpContext http, CancellationToken ct,
        string? format = null)
    {
        var errors = new Dictionary<string, Message>();
        var month = FigureParameters.Period(period, clock, errors);
        if (format is not null && !Formats.Contains(format))
        {
            errors["format"] = Messages.OneOf(string.Join(", ", Formats));
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        if (await FigureQueries.RegionAsync(scope, db, regionCode, month!.Value, ct) is not var (regionName, _))
        {
            return Problems.NotFound(new($"Region '{regionCode}'", $"行政区“{regionCode}”"));
        }

        var bulletin = await new ComposeBulletin(scope, db, clock).ComposeAsync(regionCode, regionName, month.Value, ct);
        if (format != "docx")
        {
            return TypedResults.Ok(bulletin);
        }
        XlsxAttachment.SetDisposition(http, $"bulletin-{regionCode}-{month.Value}.docx", XlsxAttachment.DisplayName(bulletin.Title, ".docx"));
        return TypedResults.File(BulletinDocument.Write(bulletin), BulletinDocument.ContentType);
    }
}
