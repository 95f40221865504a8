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
            return Problems.NotFound($"Job {id}");
        }
        if (job.Kind != JobKinds.Export)
        {
            return Problems.NotFound($"A file of job {id} (a {job.Kind} job)");
        }
        switch (job.Status)
        {
            case JobStatuses.Queued or JobStatuses.Running:
                return Problems.Conflict($"Export job {id} is still {job.Status}; poll {JobResponse.Location(id)} until it has succeeded.");
            case JobStatuses.Failed:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: $"Export job {id} failed, so it has no file: {job.Error}");
        }

        var download = await files.OpenAsync(id, clock.Now, ct);
        if (download is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone",
                detail: $"The file of export job {id} has expired and is no longer kept; start the export again.");
        }
        XlsxAttachment.SetDisposition(http, download.File.AsciiFileName, download.File.FileName);
        // The stream cannot seek, so the result would not send a length of its own.
        http.Response.ContentLength = download.File.SizeBytes;
        return TypedResults.File(download, download.File.ContentType);
    }
}
