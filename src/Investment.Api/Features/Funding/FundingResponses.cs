using Investment.Api.Data;
using Investment.Api.Features.Projects;
using Rates = Investment.Domain.Progress.CompletionRate;

namespace Investment.Api.Features.Funding;

/// <summary>
/// One funding line, money in 万元. <c>SectionId</c> null means the whole project; <c>Year</c> null means not tied to
/// one year. <c>ReceivedRate</c> = received ÷ committed, null when nothing is committed. <c>Version</c> is the ETag a
/// PUT or DELETE may send back in If-Match.
/// </summary>
public sealed record FundingLineResponse(
    long Id, long ProjectId, long? SectionId, int? Year, string Level, string LevelLabel, string Kind, string KindLabel,
    decimal Committed, decimal Received, decimal? ReceivedRate, string? Note, string Version)
{
    public static FundingLineResponse From(FundingSource f) =>
        new(f.Id, f.ProjectId, f.SectionId, f.Year, f.Level, FundingVocabulary.LevelLabel(f.Level), f.Kind,
            FundingVocabulary.KindLabel(f.Kind), f.Committed, f.Received, Rates.Of(f.Received, f.Committed), f.Note,
            ProjectVersion.Format(f.Version));
}

/// <summary>Committed and received, 万元; <c>ReceivedRate</c> = received ÷ committed, null when nothing is committed.</summary>
public sealed record FundingAmounts(decimal Committed, decimal Received, decimal? ReceivedRate)
{
    public static FundingAmounts Of(IEnumerable<(decimal Committed, decimal Received)> lines)
    {
        var list = lines.ToList();
        var committed = list.Sum(l => l.Committed);
        var received = list.Sum(l => l.Received);
        return new FundingAmounts(committed, received, Rates.Of(received, committed));
    }
}

/// <summary>The amounts of one level or one kind (every level and kind is listed, with zeros when it has no line).</summary>
public sealed record FundingGroup(string Code, string Label, decimal Committed, decimal Received, decimal? ReceivedRate);

/// <summary>The amounts of one level × kind combination that has lines.</summary>
public sealed record FundingCell(
    string Level, string LevelLabel, string Kind, string KindLabel, decimal Committed, decimal Received, decimal? ReceivedRate);

/// <summary>Totals, per level, per kind and per level × kind, of a set of funding lines.</summary>
public sealed record FundingSummary(
    FundingAmounts Total, IReadOnlyList<FundingGroup> ByLevel, IReadOnlyList<FundingGroup> ByKind, IReadOnlyList<FundingCell> Cells)
{
    public static FundingSummary Of(IReadOnlyList<(string Level, string Kind, decimal Committed, decimal Received)> lines)
    {
        var byLevel = FundingVocabulary.Levels.Select(l => Group(l.Code, l.Label,
            lines.Where(x => x.Level == l.Code).Select(x => (x.Committed, x.Received)))).ToList();
        var byKind = FundingVocabulary.Kinds.Select(k => Group(k.Code, k.Label,
            lines.Where(x => x.Kind == k.Code).Select(x => (x.Committed, x.Received)))).ToList();
        var cells = lines.GroupBy(x => (x.Level, x.Kind))
            .OrderBy(g => FundingVocabulary.LevelOrder(g.Key.Level)).ThenBy(g => FundingVocabulary.KindOrder(g.Key.Kind))
            .Select(g =>
            {
                var amounts = FundingAmounts.Of(g.Select(x => (x.Committed, x.Received)));
                return new FundingCell(g.Key.Level, FundingVocabulary.LevelLabel(g.Key.Level), g.Key.Kind,
                    FundingVocabulary.KindLabel(g.Key.Kind), amounts.Committed, amounts.Received, amounts.ReceivedRate);
            })
            .ToList();
        return new FundingSummary(FundingAmounts.Of(lines.Select(x => (x.Committed, x.Received))), byLevel, byKind, cells);
    }

    private static FundingGroup Group(string code, string label, IEnumerable<(decimal Committed, decimal Received)> lines)
    {
        var amounts = FundingAmounts.Of(lines);
        return new FundingGroup(code, label, amounts.Committed, amounts.Received, amounts.ReceivedRate);
    }
}
