using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Figures;
using Investment.Api.Features.LandIssues;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Quantities;
using Investment.Api.Features.Regions;
using Investment.Api.Features.Rollups;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using W = Investment.Domain.Bulletins.BulletinWording;

namespace Investment.Api.Features.Bulletins;

/// <summary>
/// Writes a region's bulletin for a month from the answers of the figure, roll-up, project, land-issue, quantity and
/// missing-report endpoints, called in-process with the caller's scope: the bulletin can state no number those
/// endpoints would not give the same caller, and each figure names the request that gives it. A figure an endpoint
/// does not give (no plan, no task, not rolled up, not the caller's to read) leaves its clause or sentence out.
/// </summary>
public sealed class ComposeBulletin(CallerScope scope, InvestmentDb db, BureauClock clock)
{
    private const string Wan = "万元";
    private const string Ratio = "ratio";
    private const string Count = "count";
    private const string RankUnit = "rank";

    /// <summary>Scopes in the order the bureaus' write-ups take them: key projects first, the assessed scope last.</summary>
    private static readonly string[] ScopeOrder = ["key_project", "comprehensive", "effective", "major_programme", "livelihood"];

    private static readonly (string Code, string Name)[] LagStatuses = [("red", "红色"), ("yellow", "黄色")];

    public async Task<BulletinResponse> ComposeAsync(string code, string regionName, ReportingMonth month, CancellationToken ct)
    {
        var period = month.ToString();
        var asOf = month.LastDay < clock.Today ? month.LastDay : clock.Today;
        var title = string.Create(CultureInfo.InvariantCulture, $"{regionName}{month.Year}年{month.Month}月交通投资月度通报");
        var issuer = clock.BureauName(regionName);
        var all = Value(await GetRegionFigures.Handle(code, period, scope, db, clock, ct));
        if (all is null)
        {
            return new BulletinResponse(code, regionName, period, title, issuer, asOf, false, []);
        }
        var allSource = $"/api/v1/regions/{code}/figures?period={period}";
        if (all.Figures is { Plan: 0, YtdActual: 0, MonthActual: 0, PreviousYearYtd: 0 })
        {
            var empty = new SentenceBuilder()
                .Text(string.Create(CultureInfo.InvariantCulture, $"{regionName}{month.Year}年{month.Month}月暂无交通投资数据：本年度年度计划投资为"))
                .Figure(W.Amount(all.Figures.Plan), all.Figures.Plan, Wan, allSource, "figures.plan")
                .Text("，1-" + month.Month.ToString(CultureInfo.InvariantCulture) + "月已审核的完成投资为")
                .Figure(W.Amount(all.Figures.YtdActual), all.Figures.YtdActual, Wan, allSource, "figures.ytdActual")
                .Text("，上年同期亦无完成投资。待项目填报并审核月报后，本通报将据实生成。")
                .Build();
            return new BulletinResponse(code, regionName, period, title, issuer, asOf, false,
                [new BulletinParagraph("noData", "暂无数据", [empty])]);
        }

        var paragraphs = new List<BulletinParagraph>();
        var investment = await InvestmentAsync(code, regionName, month, all, allSource, ct);
        Add(paragraphs, "investment", "投资完成情况", investment);
        Add(paragraphs, "modes", "分方式完成情况", await ModesAsync(code, month, ct));
        Add(paragraphs, "projects", "项目建设情况", await ProjectsAsync(code, month, ct));
        Add(paragraphs, "lagging", "进度滞后项目和月报报送情况", await LaggingAsync(code, month, ct));
        Add(paragraphs, "landIssues", "政策处理情况", await LandIssuesAsync(code, regionName, asOf, ct));
        Add(paragraphs, "quantities", "实物工程量完成情况", await QuantitiesAsync(code, month, ct));
        return new BulletinResponse(code, regionName, period, title, issuer, asOf, true, paragraphs);
    }

    private static void Add(List<BulletinParagraph> paragraphs, string key, string heading, IReadOnlyList<BulletinSentence> sentences)
    {
        if (sentences.Count > 0)
        {
            paragraphs.Add(new BulletinParagraph(key, W.Numeral(paragraphs.Count + 1) + "、" + heading, sentences));
        }
    }

    private async Task<List<BulletinSentence>> InvestmentAsync(
        string code, string regionName, ReportingMonth month, RegionFiguresResponse all, string allSource, CancellationToken ct)
    {
        var period = month.ToString();
        var toDate = ExportLabels.MonthsToDate(month);
        var sentences = new List<BulletinSentence>();

        var s = new SentenceBuilder().Text($"{month.Year}年{toDate}，{regionName}交通投资（全口径）");
        Figures(s, all.Figures, toDate, allSource);
        if (all.Figures.MonthActual != 0)
        {
            s.Text($"；其中{month.Month}月完成").Figure(W.Amount(all.Figures.MonthActual), all.Figures.MonthActual, Wan, allSource, "figures.monthActual");
        }
        sentences.Add(s.Text("。").Build());

        foreach (var scopeCode in ScopeOrder)
        {
            var figures = Value(await GetRegionFigures.Handle(code, period, scope, db, clock, ct, scopeCode));
            if (figures is null || figures is { ProjectCount: 0, Task: null })
            {
                continue;
            }
            var source = $"/api/v1/regions/{code}/figures?period={period}&scope={scopeCode}";
            s = new SentenceBuilder().Text(ExportLabels.Scope(scopeCode));
            if (figures.GrowthTarget is { } growthTarget)
            {
                s.Text("（考核目标增长").Figure(W.Percent(growthTarget), growthTarget, Ratio, source, "growthTarget").Text("）");
            }
            if (figures.ProjectCount > 0)
            {
                s.Text("共").Figure(figures.ProjectCount.ToString(CultureInfo.InvariantCulture), figures.ProjectCount, Count, source, "projectCount")
                    .Text("个，");
            }
            if (figures.Task is { } task)
            {
                s.Text("年度任务").Figure(W.Amount(task), task, Wan, source, "task").Text("，");
            }
            Figures(s, figures.Figures, toDate, source);
            if (figures.TaskCompletionRate is { } taskRate)
            {
                s.Text("，完成年度任务的").Figure(W.Percent(taskRate), taskRate, Ratio, source, "taskCompletionRate");
            }
            sentences.Add(s.Text("。").Build());
            if (figures.Task is not null && await RankAsync(code, regionName, month, scopeCode, ct) is { } rank)
            {
                sentences.Add(rank);
            }
        }
        return sentences;
    }

    /// <summary>"年度计划…，1-12月完成…，完成年度计划…%，同比增长…%": each clause only when its figure exists.</summary>
    private static void Figures(SentenceBuilder s, FigureSetResponse f, string toDate, string source)
    {
        var clauses = 0;
        if (f.Plan != 0)
        {
            s.Text("年度计划投资").Figure(W.Amount(f.Plan), f.Plan, Wan, source, "figures.plan");
            clauses++;
        }
        s.Text((clauses > 0 ? "，" : "") + toDate + "完成").Figure(W.Amount(f.YtdActual), f.YtdActual, Wan, source, "figures.ytdActual");
        if (f.CompletionRate is { } rate)
        {
            s.Text("，完成年度计划").Figure(W.Percent(rate), rate, Ratio, source, "figures.completionRate");
        }
        if (f.YoyGrowth is { } growth)
        {
            var words = W.Growth(growth);
            var percent = W.Percent(Math.Abs(growth));
            if (words.EndsWith(percent, StringComparison.Ordinal))
            {
                s.Text("，" + words[..^percent.Length]).Figure(percent, growth, Ratio, source, "figures.yoyGrowth");
            }
            else
            {
                s.Text("，" + words).Silent(words, growth, Ratio, source, "figures.yoyGrowth");
            }
        }
    }

    /// <summary>
    /// "在绍兴市6个县（市、区）中排名第一（1-9月排名第二，10月起排名第一）": the region among its parent's children by
    /// completion of the assessed task, from the roll-ups of months 1..M. Nothing when month M is not rolled up or the
    /// caller may not read the ranking; the history in brackets only when every month is.
    /// </summary>
    private async Task<BulletinSentence?> RankAsync(string code, string regionName, ReportingMonth month, string scopeCode, CancellationToken ct)
    {
        var parent = await db.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => r.Parent).SingleOrDefaultAsync(ct);
        if (parent is null)
        {
            return null;
        }
        var ranks = new List<(int? Rank, string Source)>();
        RollupResponse? current = null;
        foreach (var m in month.YearStart.MonthsThrough(month))
        {
            var rollup = Value(await GetRollup.Handle(m.ToString(), scope, db, ct, parent.Code, scopeCode, rankBy: "task"));
            var row = rollup?.Items.SingleOrDefault(i => i.RegionCode == code);
            ranks.Add((row?.RankByTask, $"/api/v1/rollups/{m}?regionCode={parent.Code}&scope={scopeCode}&rankBy=task"));
            if (m == month)
            {
                current = rollup;
            }
        }
        if (current is null || ranks[^1].Rank is not { } rank)
        {
            return null;
        }
        var path = $"items[regionCode={code}].rankByTask";
        var children = parent.Level == RegionLevels.City ? "个县（市、区）" : "个地区";
        var s = new SentenceBuilder()
            .Text($"按完成年度任务比例，{regionName}在{parent.Name}")
            .Figure(current.Items.Count.ToString(CultureInfo.InvariantCulture), current.Items.Count, Count, ranks[^1].Source, "items.length")
            .Text(children + "中排名")
            .Figure(W.Rank(rank), rank, RankUnit, ranks[^1].Source, path);
        if (W.RankHistory(ranks.Select(r => r.Rank).ToList()) is { } history && month.Month > 1)
        {
            s.Text("（" + history + "）");
            for (var i = 0; i < ranks.Count - 1; i++)
            {
                s.Silent(string.Create(CultureInfo.InvariantCulture, $"{i + 1}月排名{W.Rank(ranks[i].Rank!.Value)}"), ranks[i].Rank!.Value,
                    RankUnit, ranks[i].Source, path);
            }
        }
        return s.Text("。").Build();
    }

    private async Task<List<BulletinSentence>> ModesAsync(string code, ReportingMonth month, CancellationToken ct)
    {
        var period = month.ToString();
        var byMode = Value(await GetRegionFiguresByMode.Handle(code, period, scope, db, clock, ct));
        if (byMode is null || byMode.Total.YtdActual == 0)
        {
            return [];
        }
        var source = $"/api/v1/regions/{code}/figures/by-mode?period={period}";
        var s = new SentenceBuilder().Text("分方式看，");
        var first = true;
        foreach (var category in byMode.Categories.Where(c => c.Figures.YtdActual != 0))
        {
            var at = $"categories[category={category.Category}]";
            s.Text((first ? "" : "；") + ExportLabels.ModeCategory(category.Category) + "完成")
                .Figure(W.Amount(category.Figures.YtdActual), category.Figures.YtdActual, Wan, source, at + ".figures.ytdActual");
            if (category.ShareOfTotal is { } share)
            {
                s.Text("，占").Figure(W.Percent(share), share, Ratio, source, at + ".shareOfTotal");
            }
            var modes = category.Modes.Where(m => m.Figures.YtdActual != 0).ToList();
            if (modes.Count > 1)
            {
                s.Text("（其中");
                for (var i = 0; i < modes.Count; i++)
                {
                    s.Text((i == 0 ? "" : "，") + ExportLabels.Mode(modes[i].Mode))
                        .Figure(W.Amount(modes[i].Figures.YtdActual), modes[i].Figures.YtdActual, Wan, source,
                            $"{at}.modes[mode={modes[i].Mode}].figures.ytdActual");
                }
                s.Text("）");
            }
            first = false;
        }
        return [s.Text("。").Build()];
    }

    private async Task<List<BulletinSentence>> ProjectsAsync(string code, ReportingMonth month, CancellationToken ct)
    {
        var classes = new Dictionary<string, ProjectPage>(StringComparer.Ordinal);
        foreach (var projectClass in new[] { "completed", "new_start", "continuing", "preliminary" })
        {
            if (Value(await ListProjects.Handle(scope, clock, ct, regionCode: code, year: month.Year, projectClass: projectClass,
                    pageSize: ListProjects.MaxPageSize)) is { } page)
            {
                classes[projectClass] = page;
            }
        }
        if (classes.Count < 4 || classes.Values.All(p => p.TotalCount == 0))
        {
            return [];
        }
        string Source(string c) => $"/api/v1/projects?regionCode={code}&year={month.Year}&class={c}&pageSize={ListProjects.MaxPageSize}";
        void Class(SentenceBuilder s, string c, string lead, bool names = true)
        {
            var page = classes[c];
            s.Text(lead).Figure(page.TotalCount.ToString(CultureInfo.InvariantCulture), page.TotalCount, Count, Source(c), "totalCount").Text("个");
            if (names && page.TotalCount > 0 && page.Items.Count == page.TotalCount)
            {
                s.Text("（" + W.Names(page.Items.Select(p => p.Name)) + "）");
            }
        }
        var building = classes["new_start"].TotalCount + classes["continuing"].TotalCount;
        var sentence = new SentenceBuilder().Text($"{month.Year}年，");
        Class(sentence, "completed", "建成项目");
        sentence.Text("；在建项目" + building.ToString(CultureInfo.InvariantCulture) + "个，其中");
        Class(sentence, "new_start", "新开工项目");
        Class(sentence, "continuing", "、续建项目");
        Class(sentence, "preliminary", "；前期项目");
        return [sentence.Text("。").Build()];
    }

    private async Task<List<BulletinSentence>> LaggingAsync(string code, ReportingMonth month, CancellationToken ct)
    {
        var period = month.ToString();
        var sentences = new List<BulletinSentence>();
        var none = new List<string>();
        foreach (var (status, name) in LagStatuses)
        {
            var rows = Value(await GetRegionFiguresByProject.Handle(code, period, scope, db, clock, ct, lagStatus: status));
            if (rows is null)
            {
                continue;
            }
            var source = $"/api/v1/regions/{code}/figures/by-project?period={period}&lagStatus={status}";
            if (rows.Items.Count == 0)
            {
                none.Add(name);
                continue;
            }
            var s = new SentenceBuilder().Text(name + "预警项目")
                .Figure(rows.Items.Count.ToString(CultureInfo.InvariantCulture), rows.Items.Count, Count, source, "items.length").Text("个：");
            for (var i = 0; i < rows.Items.Count; i++)
            {
                var row = rows.Items[i];
                var at = $"items[projectId={row.ProjectId}].figures";
                s.Text((i == 0 ? "" : "；") + row.Name + "完成年度计划");
                if (row.Figures.CompletionRate is { } rate)
                {
                    s.Figure(W.Percent(rate), rate, Ratio, source, at + ".completionRate");
                }
                if (row.Figures.Lag is { } lag)
                {
                    s.Text("，落后序时进度").Figure(W.Points(lag), lag, Ratio, source, at + ".lag");
                }
            }
            sentences.Add(s.Text("。").Build());
        }
        if (none.Count > 0)
        {
            sentences.Add(new SentenceBuilder().Text("本月无" + string.Join("、", none) + "预警项目。").Build());
        }

        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, code, ct);
        var missing = await Reporting.MissingReports.ListAsync(db, scope, month, code, codes, null, ct);
        var missingSource = $"/api/v1/reports/missing?period={period}&regionCode={code}";
        var m = new SentenceBuilder().Text($"{month.Month}月应报月报")
            .Figure(missing.Counts.Expected.ToString(CultureInfo.InvariantCulture), missing.Counts.Expected, Count, missingSource, "counts.expected")
            .Text("份，已审核")
            .Figure(missing.Counts.Approved.ToString(CultureInfo.InvariantCulture), missing.Counts.Approved, Count, missingSource, "counts.approved")
            .Text("份");
        if (missing.Items.Count == 0)
        {
            m.Text("，均已报送并审核");
        }
        else
        {
            var parts = new List<(string Words, int Count, string Path)>
            {
                ("未报", missing.Counts.Missing, "counts.missing"),
                ("未审核", missing.Counts.Unapproved, "counts.unapproved"),
            };
            var separator = "；";
            foreach (var (words, count, path) in parts.Where(p => p.Count > 0))
            {
                m.Text(separator + words).Figure(count.ToString(CultureInfo.InvariantCulture), count, Count, missingSource, path).Text("份");
                separator = "、";
            }
            m.Text("（" + W.Names(missing.Items.Select(i => i.ProjectName + (i.SectionName == i.ProjectName ? "" : i.SectionName))) + "），请抓紧报送");
        }
        sentences.Add(m.Text("。").Build());
        return sentences;
    }

    private async Task<List<BulletinSentence>> LandIssuesAsync(string code, string regionName, DateOnly asOf, CancellationToken ct)
    {
        var day = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var stats = Value(await LandIssueStatistics.Handle(db, scope, clock, ct, "project", code, null, day));
        if (stats is null || stats.Total.Identified == 0)
        {
            return [];
        }
        var source = $"/api/v1/land-issues/stats?groupBy=project&regionCode={code}&asOf={day}";
        var sentences = new List<BulletinSentence>();
        var t = stats.Total;
        var total = new SentenceBuilder().Text($"截至{asOf.Month}月底，{regionName}交通建设项目共梳理政策处理问题")
            .Figure(t.Identified.ToString(CultureInfo.InvariantCulture), t.Identified, Count, source, "total.identified").Text("个，已处置完毕")
            .Figure(t.Resolved.ToString(CultureInfo.InvariantCulture), t.Resolved, Count, source, "total.resolved").Text("个");
        if (t.ResolutionRate is { } totalRate)
        {
            total.Text("，处置率").Figure(W.Percent(totalRate), totalRate, Ratio, source, "total.resolutionRate");
        }
        total.Text("；尚未解决").Figure(t.Open.ToString(CultureInfo.InvariantCulture), t.Open, Count, source, "total.open").Text("个");
        if (t.Overdue > 0)
        {
            total.Text("，其中超过销号时限").Figure(t.Overdue.ToString(CultureInfo.InvariantCulture), t.Overdue, Count, source, "total.overdue").Text("个");
        }
        sentences.Add(total.Text("。").Build());

        var kinds = await KindsAsync(code, asOf, ct);
        foreach (var row in stats.Rows.OrderByDescending(r => r.Identified).ThenBy(r => r.ProjectCode, StringComparer.Ordinal))
        {
            var at = $"rows[projectId={row.ProjectId}]";
            var s = new SentenceBuilder().Text(row.ProjectName + "共梳理");
            if (kinds.TryGetValue(row.ProjectId!.Value, out var projectKinds) && projectKinds.Count > 0)
            {
                s.Text("涉及" + W.Names(projectKinds.Take(3).Select(ExportLabels.LandIssueKind)) + (projectKinds.Count > 3 ? "等" : ""));
            }
            s.Text("政策处理问题").Figure(row.Identified.ToString(CultureInfo.InvariantCulture), row.Identified, Count, source, at + ".identified")
                .Text("个，共处置完毕问题").Figure(row.Resolved.ToString(CultureInfo.InvariantCulture), row.Resolved, Count, source, at + ".resolved").Text("个");
            if (row.ResolutionRate is { } rate)
            {
                s.Text("，处置率").Figure(W.Percent(rate), rate, Ratio, source, at + ".resolutionRate");
            }
            if (row.Open > 0)
            {
                s.Text("，尚余").Figure(row.Open.ToString(CultureInfo.InvariantCulture), row.Open, Count, source, at + ".open").Text("个");
                if (row.Overdue > 0)
                {
                    s.Text("（逾期").Figure(row.Overdue.ToString(CultureInfo.InvariantCulture), row.Overdue, Count, source, at + ".overdue").Text("个）");
                }
            }
            sentences.Add(s.Text("。").Build());
        }
        return sentences;
    }

    /// <summary>The kinds of issue each project's ledger holds in the region, most frequent first, as identified by asOf.</summary>
    private async Task<Dictionary<long, List<string>>> KindsAsync(string code, DateOnly asOf, CancellationToken ct)
    {
        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, code, ct);
        var rows = await (from s in scope.Sections
                          join i in db.LandIssues on s.Id equals i.SectionId
                          where codes.Contains(s.RegionCode) && i.IdentifiedOn <= asOf
                          group i by new { s.ProjectId, i.Kind } into g
                          select new { g.Key.ProjectId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ProjectId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Count).ThenBy(r => LandIssueKinds.All.ToList().IndexOf(r.Kind))
                .Select(r => r.Kind).ToList());
    }

    private async Task<List<BulletinSentence>> QuantitiesAsync(string code, ReportingMonth month, CancellationToken ct)
    {
        var period = month.ToString();
        var quantities = Value(await GetRegionQuantities.Handle(code, null, period, db, scope, clock, ct));
        if (quantities is null || quantities.Kinds.Count == 0)
        {
            return [];
        }
        var source = $"/api/v1/regions/{code}/quantities?period={period}";
        var s = new SentenceBuilder().Text($"{month.Year}年{ExportLabels.MonthsToDate(month)}，");
        for (var i = 0; i < quantities.Kinds.Count; i++)
        {
            var k = quantities.Kinds[i];
            var at = $"kinds[kind={k.Kind}]";
            s.Text((i == 0 ? "" : "；") + k.KindLabel + "年度目标")
                .Figure(W.Quantity(k.Target, k.Unit), k.Target, k.Unit, source, at + ".target")
                .Text("，已完成").Figure(W.Quantity(k.Completed, k.Unit), k.Completed, k.Unit, source, at + ".completed");
            if (k.CompletionRate is { } rate)
            {
                s.Text("，完成").Figure(W.Percent(rate), rate, Ratio, source, at + ".completionRate");
            }
        }
        return [s.Text("。").Build()];
    }

    private static T? Value<T>(Results<Ok<T>, ValidationProblem, ProblemHttpResult> result) where T : class =>
        (result.Result as Ok<T>)?.Value;

    private static T? Value<T>(Results<Ok<T>, ProblemHttpResult, ValidationProblem> result) where T : class =>
        (result.Result as Ok<T>)?.Value;

    private static T? Value<T>(Results<Ok<T>, ValidationProblem> result) where T : class =>
        (result.Result as Ok<T>)?.Value;
}
