using Investment.Api.Features.Reporting;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Investment.Domain;
using Investment.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Reporting;

/// <summary>
/// "Expected to report" is written twice because it runs in two places: the domain rule (which the roll-up applies to
/// each section it reads) and the API's EF query. Over the seed plus sections that exercise every clause, both pick the
/// same sections in every month.
/// </summary>
public sealed class ExpectedToReportAgreementTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task DomainRule_AndApiQuery_AgreeOnEveryMonth()
    {
        var (acceptedProject, _) = await api.NewSectionAsync("EX-DONE", activeFrom: "2022-03-01");
        await JobPolling.ExecuteAsync(api.ConnectionString,
            $"insert into milestones (project_id, kind, actual_on) values ({acceptedProject}, 'completion_acceptance', date '2023-06-30')");
        var (plannedOnly, _) = await api.NewSectionAsync("EX-PLANNED-DONE", activeFrom: "2023-02-01");
        await JobPolling.ExecuteAsync(api.ConnectionString,
            $"insert into milestones (project_id, kind, planned_on) values ({plannedOnly}, 'completion_acceptance', date '2023-03-31')");
        var (archivedProject, _) = await api.NewSectionAsync("EX-ARCH", activeFrom: "2022-01-01");
        await JobPolling.ExecuteAsync(api.ConnectionString, $"update projects set status = 'archived', archived_at = now() where id = {archivedProject}");
        await api.NewSectionAsync("EX-LATE", activeFrom: "2023-11-01");

        await using var db = api.CreateDb();
        var sections = await db.Sections.AsNoTracking()
            .Select(s => new
            {
                s.Id, s.ActiveFrom, Archived = s.Project!.Status == Investment.Api.Data.ProjectStatuses.Archived,
                AcceptedOn = s.Project.Milestones.Where(m => m.Kind == "completion_acceptance").Select(m => m.ActualOn).FirstOrDefault(),
            })
            .ToListAsync();
        var checkedMonths = 0;
        foreach (var month in new ReportingMonth(2021, 12).MonthsThrough(new ReportingMonth(2024, 1)))
        {
            var byRule = sections.Where(s => ExpectedToReport.In(month, s.Archived, s.ActiveFrom, s.AcceptedOn))
                .Select(s => s.Id).Order().ToList();
            var byQuery = await db.Sections.AsNoTracking().ExpectedToReport(month).Select(s => s.Id).OrderBy(id => id).ToListAsync();

            Assert.Equal(byRule, byQuery);
            checkedMonths++;
        }
        Assert.Equal(26, checkedMonths);

        // The clauses bite: the accepted section is owed June 2023 and not July, the archived one never, the late one from November.
        Assert.Contains(await SectionIdAsync(db, "EX-DONE"), await QueryAsync(new ReportingMonth(2023, 6)));
        Assert.DoesNotContain(await SectionIdAsync(db, "EX-DONE"), await QueryAsync(new ReportingMonth(2023, 7)));
        Assert.Contains(await SectionIdAsync(db, "EX-PLANNED-DONE"), await QueryAsync(new ReportingMonth(2023, 7)));
        Assert.DoesNotContain(await SectionIdAsync(db, "EX-ARCH"), await QueryAsync(new ReportingMonth(2023, 7)));
        Assert.DoesNotContain(await SectionIdAsync(db, "EX-LATE"), await QueryAsync(new ReportingMonth(2023, 10)));
        Assert.Contains(await SectionIdAsync(db, "EX-LATE"), await QueryAsync(new ReportingMonth(2023, 11)));
    }

    private static Task<long> SectionIdAsync(Investment.Api.Data.InvestmentDb db, string projectCode) =>
        db.Sections.Where(s => s.Project!.Code == projectCode).Select(s => s.Id).SingleAsync();

    private async Task<List<long>> QueryAsync(ReportingMonth month)
    {
        await using var db = api.CreateDb();
        return await db.Sections.AsNoTracking().ExpectedToReport(month).Select(s => s.Id).OrderBy(id => id).ToListAsync();
    }
}
