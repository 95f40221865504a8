using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.OpenData;

/// <summary>Publish a region's OC4IDS package of a year at its anonymous URL.</summary>
public sealed record PublishOc4idsRequest(string RegionCode, int Year);

public sealed class PublishOc4idsRequestValidator : AbstractValidator<PublishOc4idsRequest>
{
    public PublishOc4idsRequestValidator(BureauClock clock)
    {
        RuleFor(x => x.RegionCode).NotEmpty();
        RuleFor(x => x.Year).Must(y => y >= 1990 && y <= clock.Today.Year)
            .Says(_ => new Message($"Must be a year from 1990 to {clock.Today.Year}.", $"年份应在1990到{clock.Today.Year}之间。"));
    }
}

/// <summary>A published package: <c>url</c> answers it to anyone, composed from the approved figures when asked.</summary>
public sealed record Oc4idsPublicationResponse(
    string RegionCode, string RegionName, int Year, string Url, DateTimeOffset PublishedAt, string PublishedBy);

public static class Oc4idsPublications
{
    public static string Url(string regionCode, int year) => $"/api/v1/open-data/oc4ids/published/{regionCode}/{year}";

    public static async Task<Ok<List<Oc4idsPublicationResponse>>> List(InvestmentDb db, CancellationToken ct) =>
        TypedResults.Ok(await ResponsesAsync(db.OpenDataPublications, db, ct));

    /// <summary>201 with the anonymous URL; publishing what is already published changes nothing (200).</summary>
    public static async Task<Results<Created<Oc4idsPublicationResponse>, Ok<Oc4idsPublicationResponse>, ValidationProblem>> Publish(
        PublishOc4idsRequest request, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct)
    {
        if (!await scope.Regions.AnyAsync(r => r.Code == request.RegionCode, ct))
        {
            return Problems.Field("regionCode", Messages.UnknownRegion(request.RegionCode));
        }
        var existing = db.OpenDataPublications.Where(p => p.RegionCode == request.RegionCode && p.Year == request.Year);
        if ((await ResponsesAsync(existing, db, ct)).SingleOrDefault() is { } published)
        {
            return TypedResults.Ok(published);
        }
        db.OpenDataPublications.Add(new OpenDataPublication
        {
            RegionCode = request.RegionCode, Year = request.Year, PublishedAt = clock.Now, PublishedBy = scope.Caller.Actor,
        });
        await db.SaveChangesAsync(ct);
        var created = (await ResponsesAsync(existing, db, ct)).Single();
        return TypedResults.Created(created.Url, created);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unpublish(string regionCode, int year, InvestmentDb db, CancellationToken ct)
    {
        var deleted = await db.OpenDataPublications.Where(p => p.RegionCode == regionCode && p.Year == year).ExecuteDeleteAsync(ct);
        return deleted == 0
            ? Problems.NotFound(new($"The publication of region '{regionCode}' for {year}", $"行政区“{regionCode}”{year}年的公开发布"))
            : TypedResults.NoContent();
    }

    private static async Task<List<Oc4idsPublicationResponse>> ResponsesAsync(
        IQueryable<OpenDataPublication> publications, InvestmentDb db, CancellationToken ct)
    {
        var rows = await (from p in publications.AsNoTracking()
                          join r in db.Regions on p.RegionCode equals r.Code
                          orderby p.RegionCode, p.Year
                          select new { p.RegionCode, r.Name, p.Year, p.PublishedAt, p.PublishedBy }).ToListAsync(ct);
        return [.. rows.Select(p => new Oc4idsPublicationResponse(p.RegionCode, p.Name, p.Year, Url(p.RegionCode, p.Year), p.PublishedAt, p.PublishedBy))];
    }
}
