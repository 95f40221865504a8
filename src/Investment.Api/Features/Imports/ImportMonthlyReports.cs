using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Api.Features.Access;
using Investment.Api.Features.Reporting;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Reporting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Investment.Api.Features.Imports;

/// <summary>What happened to one data row: "created", "updated", "unchanged" or "skipped" (no report in it).</summary>
public sealed record ImportRowResult(int Row, long? SectionId, string Outcome, string? Status, int? Revision);

/// <summary>
/// A committed upload. <c>created</c>: months that got their first revision; <c>updated</c>: open drafts (or returned
/// revisions) whose figures changed; <c>unchanged</c>: rows equal to the open draft; <c>submitted</c>: rows marked
/// 是否提交 = 是, now submitted; <c>skipped</c>: rows whose fill-in cells were all empty. <c>rows</c>: each data row.
/// </summary>
public sealed record ImportResult(
    string RegionCode,
    string Period,
    int Created,
    int Updated,
    int Unchanged,
    int Submitted,
    int Skipped,
    IReadOnlyList<ImportRowResult> Rows);

public static class ImportMonthlyReports
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Skipped = "skipped";

    /// <summary>
    /// Reads the uploaded template (multipart/form-data, one file), checks every row exactly as
    /// <c>PUT /api/v1/sections/{id}/reports/{period}</c> would, and either answers 400 with every error (row, column,
    /// code, Chinese message) or writes all rows in one transaction: a month without a report gets revision 1 as a
    /// draft, an open draft or returned revision is replaced. The upload is the concurrency unit: the month's revisions
    /// of every section in it are locked while it is checked and written, and a revision created meanwhile by someone
    /// else trips the unique index and fails the whole upload (409).
    /// </summary>
    public static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> Handle(
        string? regionCode, string? period, HttpContext http, InvestmentDb db, CallerScope scope, BureauClock clock,
        IConfiguration configuration, [FromServices] IValidator<SaveReportRequest> validator, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var result = await ImportAsync(regionCode, period, http, db, scope, clock, configuration, validator, ct);
        // One line per upload, so refusals (which never reach the database) can still be counted and traced.
        var logger = loggers.CreateLogger(typeof(ImportMonthlyReports).FullName!);
        switch (result.Result)
        {
            case Ok<ImportResult> { Value: { } ok }:
                logger.LogInformation("Monthly-report upload for {RegionCode} {Period}: {Created} created, {Updated} updated, "
                    + "{Unchanged} unchanged, {Submitted} submitted, {Skipped} skipped", ok.RegionCode, ok.Period, ok.Created,
                    ok.Updated, ok.Unchanged, ok.Submitted, ok.Skipped);
                break;
            case ValidationProblem { ProblemDetails: var problem }:
                logger.LogInformation("Monthly-report upload for {RegionCode} {Period} refused ({Status}): {Code}, {Errors} error(s)",
                    regionCode, period, problem.Status, CodeOf(problem), problem.Errors.Count);
                break;
            case ProblemHttpResult { ProblemDetails: var problem }:
                logger.LogInformation("Monthly-report upload for {RegionCode} {Period} refused ({Status}): {Code}",
                    regionCode, period, problem.Status, CodeOf(problem));
                break;
        }
        return result;
    }

    private static object? CodeOf(ProblemDetails problem) => problem.Extensions.TryGetValue("code", out var code) ? code : null;

    private static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? regionCode, string? period, HttpContext http, InvestmentDb db, CallerScope scope, BureauClock clock,
        IConfiguration configuration, IValidator<SaveReportRequest> validator, CancellationToken ct)
    {
        var limits = ImportLimits.From(configuration);
        var (target, targetErrors) = await ImportTarget.ResolveAsync(scope, regionCode, period, clock.Today, ct);
        if (target is null)
        {
            return Problems.Fields(targetErrors);
        }

        var (bytes, uploadProblem) = await ReadUploadAsync(http.Request, limits, ct);
        if (uploadProblem is not null)
        {
            return uploadProblem;
        }
        if (UploadInspector.Inspect(bytes!, limits) is { } refusal)
        {
            return ImportProblems.Refused(refusal.Status, refusal.Code, refusal.Message);
        }

        UploadContent content;
        try
        {
            using var workbook = XlsxSheetReader.Open(new MemoryStream(bytes!, writable: false), limits.MaxExpandedBytes);
            content = MonthlyReportUpload.Read(workbook, target.RegionCode, target.Month, limits);
        }
        catch (UnreadableWorkbookException)
        {
            return ImportProblems.File(ImportCodes.Unreadable, new(
                "The Excel file cannot be read (it is damaged or not in .xlsx format). Open it in Excel, save it as .xlsx and upload it again.",
                "无法读取该 Excel 文件（文件已损坏或内容不符合 .xlsx 格式）。请在 Excel 中打开并另存为 .xlsx 后重新上传。"));
        }
        if (content.TooManyRows)
        {
            return ImportProblems.Refused(StatusCodes.Status413PayloadTooLarge, ImportCodes.TooManyRows, new(
                $"The sheet has more than {limits.MaxRows} data rows; split it into several uploads.",
                $"表格超过 {limits.MaxRows} 行数据的上限，请分批上传。"));
        }
        if (content.FileError is { } fileError)
        {
            return ImportProblems.Invalid([fileError]);
        }

        var rows = content.Rows;
        await CheckRowsAsync(rows, validator, ct);
        var toWrite = rows.Where(r => !r.Blank && r.SectionId is not null && r.Errors.All(e => !IsRowIdentityError(e.Code))).ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var plan = await PlanAsync(toWrite, target, db, scope, clock, ct);
        var errors = rows.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return ImportProblems.Invalid(errors);
        }

        var now = clock.Now;
        var actor = ReportActor.Of(http);
        var results = new List<ImportRowResult>(rows.Count);
        var written = new List<(UploadRow Row, MonthlyReport Report, string Outcome)>();
        foreach (var row in rows)
        {
            if (row.Blank)
            {
                results.Add(new ImportRowResult(row.Row, row.SectionId, Skipped, null, null));
                continue;
            }
            var (report, outcome) = Apply(db, row, plan[row.SectionId!.Value], target.Month, now, actor);
            written.Add((row, report, outcome));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
                                          || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await tx.RollbackAsync(CancellationToken.None);
            return Problems.Problem(StatusCodes.Status409Conflict, Problems.ConflictTitle,
                new("Someone changed one of these months while the upload was being saved; nothing was saved. Upload the file again.",
                    "上传期间有其他人同时修改了其中某个标段本月的报表，本次上传未保存任何数据，请重新上传。"),
                new Dictionary<string, object?> { ["code"] = "IMPORT_CONCURRENT_CHANGE" });
        }

        results.AddRange(written.Select(w => new ImportRowResult(w.Row.Row, w.Report.SectionId, w.Outcome, w.Report.Status, w.Report.Revision)));
        results.Sort((a, b) => a.Row.CompareTo(b.Row));
        return TypedResults.Ok(new ImportResult(target.RegionCode, target.Month.ToString(),
            written.Count(w => w.Outcome == Created), written.Count(w => w.Outcome == Updated), written.Count(w => w.Outcome == Unchanged),
            written.Count(w => w.Row.Submit), results.Count(r => r.Outcome == Skipped), results));
    }

    /// <summary>The single uploaded file, within the byte limit; or the problem that says why not.</summary>
    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadUploadAsync(HttpRequest request, ImportLimits limits, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxRequestBytes)
        {
            return (null, TooLarge(limits));
        }
        // The endpoint's RequestSizeLimit metadata should already have set this; set it here too so a chunked body
        // without Content-Length is cut off by the server at the same size whatever the hosting.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxRequestBytes;
        }
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, ImportProblems.Refused(StatusCodes.Status415UnsupportedMediaType, ImportCodes.NotMultipart,
                new("Upload one .xlsx file as multipart/form-data.", "请以 multipart/form-data 方式上传一个 .xlsx 文件。")));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = limits.MaxRequestBytes,
                ValueCountLimit = 32,
                MultipartHeadersCountLimit = 16,
            }, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limits));
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(limits));
        }
        catch (InvalidDataException)
        {
            return (null, ImportProblems.Refused(StatusCodes.Status400BadRequest, ImportCodes.Unreadable,
                new("The multipart form cannot be read.", "无法读取上传的表单内容。")));
        }
        if (form.Files.Count != 1)
        {
            return (null, form.Files.Count == 0
                ? ImportProblems.Refused(StatusCodes.Status400BadRequest, ImportCodes.NoFile,
                    new("The request holds no file; attach one .xlsx file.", "请求中没有文件。请在表单中附上一个 .xlsx 文件。"))
                : ImportProblems.Refused(StatusCodes.Status400BadRequest, ImportCodes.NoFile,
                    new("Upload one file at a time.", $"请求中有 {form.Files.Count} 个文件，一次只能上传一个 .xlsx 文件。")));
        }
        var file = form.Files[0];
        if (file.Length > limits.MaxBytes)
        {
            return (null, TooLarge(limits));
        }
        if (file.Length == 0)
        {
            return (null, ImportProblems.Refused(StatusCodes.Status400BadRequest, ImportCodes.NoFile,
                new("The uploaded file is empty.", "上传的文件是空的。")));
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }
        return (bytes, null);
    }

    private static ProblemHttpResult TooLarge(ImportLimits limits) =>
        ImportProblems.Refused(StatusCodes.Status413PayloadTooLarge, ImportCodes.TooLarge, new(
            $"The file is larger than the {ImportLimits.Readable(limits.MaxBytes)} limit; split it into several uploads.",
            $"文件超过 {ImportLimits.Readable(limits.MaxBytes)} 的上限，请分批上传。"));

    /// <summary>The checks that need no database: duplicates, and the PUT request validator as a last word.</summary>
    private static async Task CheckRowsAsync(IReadOnlyList<UploadRow> rows, IValidator<SaveReportRequest> validator, CancellationToken ct)
    {
        var firstRowOf = new Dictionary<long, int>();
        foreach (var row in rows.Where(r => !r.Blank && r.SectionId is not null))
        {
            if (firstRowOf.TryGetValue(row.SectionId!.Value, out var first))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.SectionId, ImportCodes.DuplicateRow,
                    new($"Section {row.SectionId} already appears in row {first}; a section has one row per month.",
                        $"标段 {row.SectionId} 在第 {first} 行已经出现过，同一标段每月只能填一行。")));
                continue;
            }
            firstRowOf[row.SectionId.Value] = row.Row;
        }

        // The same validator PUT runs: the Chinese checks above should already have caught anything it refuses, so
        // this only fires if the two drift apart, and then the upload is still refused rather than stored.
        foreach (var row in rows.Where(r => !r.Blank && r.Errors.Count == 0))
        {
            var result = await validator.ValidateAsync(Request(row), ct);
            foreach (var failure in result.Errors)
            {
                var column = MonthlyReportSheet.Columns.FirstOrDefault(c => c.Field == failure.PropertyName) ?? MonthlyReportSheet.MonthActual;
                row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.Invalid,
                    new($"{ImportError.ColumnName(column)} breaks a rule: {failure.ErrorMessage}", $"“{column.Header}”不符合填报规则：{failure.ErrorMessage}")));
            }
        }
    }

    private static bool IsRowIdentityError(string code) =>
        code is ImportCodes.DuplicateRow or ImportCodes.MissingSectionId or ImportCodes.InvalidSectionId;

    private static SaveReportRequest Request(UploadRow row) =>
        new(row.MonthActual, row.PhysicalProgress, row.Narrative, row.Problems, row.ProgressDecreaseReason);

    /// <summary>What a row will do to its section's month, decided under the row locks.</summary>
    private sealed record RowPlan(ReportSection Section, MonthlyReport? Open, bool Correction);

    /// <summary>
    /// The checks that need the database, for every row at once: the section exists, is in the region, reports this
    /// month and is not archived; the month is not submitted or approved; and the figure rules of a PUT (a negative
    /// amount only in a correction, physical progress not below an earlier month without a reason). Locks the month's
    /// revisions of these sections until the transaction ends.
    /// </summary>
    private static async Task<Dictionary<long, RowPlan>> PlanAsync(
        List<UploadRow> rows, ImportTarget target, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        var month = target.Month;
        var ids = rows.Select(r => r.SectionId!.Value).Distinct().ToArray();
        var sections = await scope.Sections.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new
            {
                Section = new ReportSection(s.Id, s.ProjectId, s.Project!.Code, s.Project.Status, s.ActiveFrom),
                s.RegionCode,
                RegionName = s.Region!.Name,
            })
            .ToDictionaryAsync(s => s.Section.Id, ct);

        // Row locks in id order (so two overlapping uploads queue rather than deadlock): a concurrent approve, submit or
        // PUT of these months waits for this transaction and then finds the version changed.
        var (year, monthOfYear) = (month.Year, month.Month);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"select 1 from monthly_reports where section_id = any({ids}) and year = {year} and month = {monthOfYear} order by id for update", ct);
        var revisions = (await db.MonthlyReports
                .Where(r => ids.Contains(r.SectionId) && r.Year == year && r.Month == monthOfYear)
                .OrderByDescending(r => r.Revision)
                .ToListAsync(ct))
            .ToLookup(r => r.SectionId);
        var otherMonths = await ReportRules.OtherMonthsProgressAsync(db, ids, month, ct);

        var plans = new Dictionary<long, RowPlan>();
        var regionCodes = target.RegionCodes.ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var id = row.SectionId!.Value;
            if (!sections.TryGetValue(id, out var found))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.SectionId, ImportCodes.UnknownSection,
                    new($"Section ID {id} does not exist. Do not change the section IDs of the template.",
                        $"标段ID {id} 不存在。请不要改动模板中的标段ID。")));
                continue;
            }
            var section = found.Section;
            if (!regionCodes.Contains(found.RegionCode))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.SectionId, ImportCodes.OtherRegion,
                    new($"Section {id} ({section.ProjectCode}) is in region {found.RegionCode}, not in {target.RegionCode} of this upload. Report it in that county's template.",
                        $"标段 {id}（{section.ProjectCode}）属于{found.RegionName}，不属于本次上传的{target.RegionName}。请在对应区县的模板中填报。")));
                continue;
            }
            if (row.ProjectCode is { } code && !string.Equals(code, section.ProjectCode, StringComparison.OrdinalIgnoreCase))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.ProjectCode, ImportCodes.SectionMismatch,
                    new($"Section {id} belongs to project {section.ProjectCode}, not to '{code}' given in this row. Was a row copied into the wrong place?",
                        $"标段 {id} 属于项目 {section.ProjectCode}，与本行的项目编码“{code}”不符。请检查是否错行复制。")));
                continue;
            }
            if (section.IsArchived)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.SectionId, ImportCodes.ArchivedProject,
                    new($"Project {section.ProjectCode} is archived and takes no more reports.", $"项目 {section.ProjectCode} 已归档，不能再填报。")));
                continue;
            }
            if (ReportRules.ActiveFromError(section, month, clock.Today) is not null)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.SectionId, ImportCodes.BeforeActiveFrom,
                    new($"Section {id} reports from {ReportingMonth.Of(section.ActiveFrom)} on; {month} needs no report.",
                        $"标段 {id} 从 {ReportingMonth.Of(section.ActiveFrom)} 起填报，{month} 不需要填报。")));
                continue;
            }
            var monthRevisions = revisions[id].ToList();
            var open = ReportQueries.OpenOf(monthRevisions);
            if (open is null && monthRevisions.Count > 0)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.LockedMonth,
                    new($"The {month} report of section {id} is approved and locked; the import cannot change it. File a correction instead.",
                        $"标段 {id} 的 {month} 月报已审核并锁定，不能通过导入修改；如需更正，请在系统中提交更正。")));
                continue;
            }
            if (open is not null && (!ReportWorkflow.TryParse(open.Status, out var state) || !ReportWorkflow.IsEditable(state)))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.SubmittedMonth,
                    new($"The {month} report of section {id} is submitted and awaits approval; ask the planning section to return it to change it.",
                        $"标段 {id} 的 {month} 月报已提交，正在审核，不能修改；如需修改，请联系规划科退回。")));
                continue;
            }
            var correction = open?.CorrectionReason is not null;
            plans[id] = new RowPlan(section, open, correction);
            if (open is not null && SameFigures(open, row))
            {
                // Nothing is written (at most the revision is submitted, which does not re-check figures either): a
                // pre-filled row sent back untouched is not judged again against months corrected since.
                continue;
            }
            if (row.MonthActual is < 0 && !correction)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.NegativeAmount,
                    new("The month's actual investment must not be negative. To reverse an approved amount, file a correction of that month with a reason.",
                        "本月完成投资不能为负数。冲减已审核的金额，请在系统中对该月提交更正并说明原因。")));
            }
            if (row.PhysicalProgress is { } progress && string.IsNullOrWhiteSpace(row.ProgressDecreaseReason)
                && ProgressRegression.ConflictWith(otherMonths[id], month, progress) is { } conflict)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.PhysicalProgress, ImportCodes.ProgressBackwards,
                    ReportRules.ProgressConflictMessage(progress, conflict, new(
                        $"give the reason in {ImportError.ColumnName(MonthlyReportSheet.ProgressDecreaseReason)}",
                        $"请在“{MonthlyReportSheet.ProgressDecreaseReason.Header}”中说明原因"))));
            }
        }
        return plans;
    }

    /// <summary>The row's figures onto the month: a new first revision, or the open one replaced (as PUT does), then submitted if asked.</summary>
    private static (MonthlyReport Report, string Outcome) Apply(
        InvestmentDb db, UploadRow row, RowPlan plan, ReportingMonth month, DateTimeOffset now, string? actor)
    {
        var report = plan.Open;
        string outcome;
        if (report is null)
        {
            report = new MonthlyReport
            {
                SectionId = plan.Section.Id,
                Year = month.Year,
                Month = month.Month,
                Revision = 1,
                Status = ReportStatuses.Draft,
                CreatedAt = now,
                CreatedBy = actor,
            };
            db.MonthlyReports.Add(report);
            outcome = Created;
        }
        else
        {
            outcome = SameFigures(report, row) ? Unchanged : Updated;
        }
        if (outcome != Unchanged)
        {
            report.MonthActual = row.MonthActual!.Value;
            report.PhysicalProgress = row.PhysicalProgress;
            report.Narrative = ReportRules.Blank(row.Narrative);
            report.Problems = ReportRules.Blank(row.Problems);
            report.ProgressDecreaseReason = ReportRules.Blank(row.ProgressDecreaseReason);
            report.UpdatedAt = now;
        }
        if (row.Submit && ReportWorkflow.TryParse(report.Status, out var state) && ReportWorkflow.After(state, ReportAction.Submit) is { } next)
        {
            report.Status = ReportWorkflow.ToCode(next);
            report.SubmittedAt = now;
            report.SubmittedBy = actor;
            report.UpdatedAt = now;
        }
        return (report, outcome);
    }

    private static bool SameFigures(MonthlyReport report, UploadRow row) =>
        report.MonthActual == row.MonthActual
        && report.PhysicalProgress == row.PhysicalProgress
        && report.Narrative == ReportRules.Blank(row.Narrative)
        && report.Problems == ReportRules.Blank(row.Problems)
        && report.ProgressDecreaseReason == ReportRules.Blank(row.ProgressDecreaseReason);
}
