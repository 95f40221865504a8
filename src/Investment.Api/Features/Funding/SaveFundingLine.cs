using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Funding;

/// <summary>
/// A funding line of a project, or of one of its sections. Money in 万元 (at most 4 decimals); received defaults to 0
/// and may not exceed committed; year is optional (a commitment spanning years).
/// </summary>
public sealed record FundingRequest(
    long? SectionId, int? Year, string? Level, string? Kind, decimal? Committed, decimal? Received, [Narrative] string? Note);

public sealed class FundingRequestValidator : AbstractValidator<FundingRequest>
{
    public FundingRequestValidator()
    {
        RuleFor(x => x.Year).InclusiveBetween(1990, 2100).Says(Messages.Year1990To2100);
        RuleFor(x => x.Level).NotEmpty().Must(FundingVocabulary.IsLevel)
            .Says(Messages.OneOf(FundingVocabulary.DescribeLevels()));
        RuleFor(x => x.Kind).NotEmpty().Must(FundingVocabulary.IsKind)
            .Says(Messages.OneOf(FundingVocabulary.DescribeKinds()));
        RuleFor(x => x.Committed).NotNull().Wan();
        RuleFor(x => x.Received).Wan()
            .Must((x, received) => received is null || x.Committed is null || received <= x.Committed)
            .Says(x => new Message($"Must not exceed the committed amount ({x.Committed} 万元).", $"到位资金不能超过落实资金（{x.Committed}万元）。"));
        RuleFor(x => x.Note).MaximumLength(Limits.ReasonMax);
    }
}

public static class SaveFundingLine
{
    public static async Task<Results<Created<FundingLineResponse>, ValidationProblem, ProblemHttpResult>> Create(
        long id, FundingRequest request, InvestmentDb db, CallerScope scope, HttpResponse response, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await FundingQueries.LockWritableAsync(db, scope, id, ct) is { } problem)
        {
            return problem;
        }
        if (await FundingQueries.SectionProblemAsync(scope, id, request.SectionId, ct) is { } invalid)
        {
            return invalid;
        }
        var line = new FundingSource { ProjectId = id, Level = request.Level!, Kind = request.Kind! };
        Apply(line, request);
        db.FundingSources.Add(line);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var created = await StoredAsync(db, line.Id, ct);
        response.Headers.ETag = ProjectVersion.Format(created.Version);
        return TypedResults.Created($"/api/v1/funding/{line.Id}", FundingLineResponse.From(created));
    }

    /// <summary>
    /// Replaces every field of the line; the project stays the same. An If-Match that no longer matches (someone changed
    /// the line since it was read) answers 412 with the current version; without If-Match the last write wins.
    /// </summary>
    public static async Task<Results<Ok<FundingLineResponse>, ValidationProblem, ProblemHttpResult>> Update(
        long fundingId, FundingRequest request, InvestmentDb db, CallerScope scope, HttpRequest http, HttpResponse response,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var projectId = await FundingQueries.Visible(db, scope).Where(v => v.Line.Id == fundingId)
            .Select(v => (long?)v.Line.ProjectId).SingleOrDefaultAsync(ct);
        if (projectId is null)
        {
            return Problems.NotFound(new($"Funding line {fundingId}", $"资金来源{fundingId}"));
        }
        if (await FundingQueries.LockWritableAsync(db, scope, projectId.Value, ct) is { } problem)
        {
            return problem;
        }
        if (await FundingQueries.SectionProblemAsync(scope, projectId.Value, request.SectionId, ct) is { } invalid)
        {
            return invalid;
        }
        // Read under the project's lock: a concurrent delete may have removed the line meanwhile.
        var line = await db.FundingSources.SingleOrDefaultAsync(f => f.Id == fundingId, ct);
        if (line is null)
        {
            return Problems.NotFound(new($"Funding line {fundingId}", $"资金来源{fundingId}"));
        }
        if (!ProjectVersion.Matches(http, line.Version))
        {
            return Problems.PreconditionFailed(ProjectVersion.Format(line.Version));
        }
        Apply(line, request);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var stored = await StoredAsync(db, line.Id, ct);
        response.Headers.ETag = ProjectVersion.Format(stored.Version);
        return TypedResults.Ok(FundingLineResponse.From(stored));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long fundingId, InvestmentDb db, CallerScope scope, HttpRequest http, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var projectId = await FundingQueries.Visible(db, scope).Where(v => v.Line.Id == fundingId)
            .Select(v => (long?)v.Line.ProjectId).SingleOrDefaultAsync(ct);
        if (projectId is null)
        {
            return Problems.NotFound(new($"Funding line {fundingId}", $"资金来源{fundingId}"));
        }
        if (await FundingQueries.LockWritableAsync(db, scope, projectId.Value, ct) is { } problem)
        {
            return problem;
        }
        var version = await db.FundingSources.Where(f => f.Id == fundingId).Select(f => (uint?)f.Version).SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return Problems.NotFound(new($"Funding line {fundingId}", $"资金来源{fundingId}"));
        }
        if (!ProjectVersion.Matches(http, version.Value))
        {
            return Problems.PreconditionFailed(ProjectVersion.Format(version.Value));
        }
        await db.FundingSources.Where(f => f.Id == fundingId).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    // A fresh read, not the tracked entity: EF keeps 0 where the column now holds 0.0000, and a later GET shows the latter.
    private static Task<FundingSource> StoredAsync(InvestmentDb db, long id, CancellationToken ct) =>
        db.FundingSources.AsNoTracking().SingleAsync(f => f.Id == id, ct);

    private static void Apply(FundingSource line, FundingRequest request)
    {
        line.SectionId = request.SectionId;
        line.Year = request.Year;
        line.Level = request.Level!;
        line.Kind = request.Kind!;
        line.Committed = request.Committed!.Value;
        line.Received = request.Received ?? 0m;
        line.Note = CreateProject.Blank(request.Note);
    }
}
