using Investment.Api.Data;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Investment.Api.Tests.Features.Bulletins;

/// <summary>
/// The seed data plus the demo rows of seed-data-demo/ (the other counties of 绍兴 and 台州, arranged so that 诸暨 ranks
/// second in 2023-01..09 and first from October), with every month of 2023 rolled up through the API: the database a
/// leader sees after <c>dotnet run</c>, where a county's rank among its city's counties means something.
/// </summary>
public sealed class DemoApiFixture : ApiFixture
{
    protected override bool Seeded => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var directory = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, DemoData.FolderName);
        await new SeedDataLoader(NullLogger<SeedDataLoader>.Instance).LoadAsync(ConnectionString, directory, CancellationToken.None);
        for (var month = 1; month <= 12; month++)
        {
            JobPolling.AssertSucceeded(await JobPolling.RunAsync(Client, "/api/v1/rollups", new { period = $"2023-{month:00}" }));
        }
    }
}
