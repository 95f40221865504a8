using Investment.Api.Data;
using Investment.Domain;
using Investment.Domain.Projects;

namespace Investment.Api.Features.Reporting;

public static class SectionQueries
{
    private static readonly string CompletionAcceptance = MilestoneKinds.ToCode(MilestoneKind.CompletionAcceptance);

    /// <summary>
    /// The sections that owe <paramref name="month"/>'s report: <see cref="Domain.Reporting.ExpectedToReport"/> as a
    /// query, for every list of who reports (missing reports, the reminder, the template, 我的标段, the detail export).
    /// </summary>
    public static IQueryable<Section> ExpectedToReport(this IQueryable<Section> sections, ReportingMonth month)
    {
        var (firstDay, lastDay) = (month.FirstDay, month.LastDay);
        // The domain's month comparisons as dates the database compares: activeFrom's month is not after this one when
        // it is on or before its last day; the acceptance's month is not before it when it is on or after its first.
        return sections.Where(s => s.Project!.Status == ProjectStatuses.Active
                                   && s.ActiveFrom <= lastDay
                                   && !s.Project.Milestones.Any(m => m.Kind == CompletionAcceptance && m.ActualOn < firstDay));
    }
}
