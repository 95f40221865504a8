using Investment.Api.Features.Access;

namespace Investment.Api.Features.Exports;

/// <summary>
/// Recurring (Scheduling:ExportCleanupCron): deletes export files past their expiry. Downloads already answer 410 for
/// them; this gives the space back. Each occurrence runs on one instance, like every Hangfire job.
/// </summary>
public sealed class DeleteExpiredExportFilesJob(ExportFileStore files, BureauClock clock, ILogger<DeleteExpiredExportFilesJob> logger)
{
    public const string RecurringJobId = "delete-expired-export-files";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await files.DeleteExpiredAsync(clock.Now, cancellationToken);
        logger.LogInformation("Deleted {Count} expired export files", deleted);
    }
}
