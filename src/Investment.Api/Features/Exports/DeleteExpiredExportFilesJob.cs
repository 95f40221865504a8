using Investment.Api.Features.Access;
using Quartz;

namespace Investment.Api.Features.Exports;

/// <summary>
/// Recurring (Scheduling:ExportCleanupCron): deletes export files past their expiry. Downloads already answer 410 for
/// them; this gives the space back. Runs on one node per firing, like every recurring job.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DeleteExpiredExportFilesJob(ExportFileStore files, BureauClock clock, ILogger<DeleteExpiredExportFilesJob> logger) : IJob
{
    public static readonly JobKey Key = new("delete-expired-export-files", "recurring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var deleted = await files.DeleteExpiredAsync(clock.Now, cancellationToken);
        logger.LogInformation("Deleted {Count} expired export files", deleted);
    }
}
