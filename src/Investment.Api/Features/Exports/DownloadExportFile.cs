using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class DownloadExportFile
{
    /// <summary>
    /// The file an export job wrote, streamed from the database whichever instance ran the job: 409 while the job is
    /// still queued or running, 404 when it failed (there is no file), 410 once the file has expired.
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, InvestmentDb db, CallerScope scope, ExportFileStore files, BureauClock clock, CancellationToken ct)
    {
        // Whoever may see the job may fetch its file (its starter, administrators); to anyone else it does not exist.
        var job = await JobEndpoints.Visible(db, scope).Where(j => j.Id == id).Select(j => new { j.Kind, j.Status, j.Error }).SingleOrDefaultAsync(ct);
        if (job is null)
        {
            return Problems.NotFound(new($"Job {id}", $"任务{id}"));
        }
        if (job.Kind != JobKinds.Export)
        {
            return Problems.NotFound(new($"A file of job {id} (a {job.Kind} job)", $"任务{id}（{job.Kind}任务）的文件"));
        }
        switch (job.Status)
        {
            case JobStatuses.Queued or JobStatuses.Running:
                return Problems.Conflict(new($"Export job {id} is still {job.Status}; poll {JobResponse.Location(id)} until it has succeeded.",
                    $"导出任务{id}尚未完成（{job.Status}），请稍后再下载。"));
            case JobStatuses.Failed:
                return Problems.Problem(StatusCodes.Status404NotFound, Problems.NotFoundTitle,
                    new($"Export job {id} failed, so it has no file: {Message.FromStored(job.Error)?.En}",
                        $"导出任务{id}失败，没有生成文件：{Message.FromStored(job.Error)?.Zh}"));
        }

        var download = await files.OpenAsync(id, clock.Now, ct);
        if (download is null)
        {
            return Problems.Problem(StatusCodes.Status410Gone, new("Gone", "文件已过期"),
                new($"The file of export job {id} has expired and is no longer kept; start the export again.",
                    $"导出任务{id}的文件已过保存期限，请重新导出。"));
        }
        XlsxAttachment.SetDisposition(http, download.File.AsciiFileName, download.File.FileName);
        // The stream cannot seek, so the result would not send a length of its own.
        http.Response.ContentLength = download.File.SizeBytes;
        return TypedResults.File(download, download.File.ContentType);
    }
}
