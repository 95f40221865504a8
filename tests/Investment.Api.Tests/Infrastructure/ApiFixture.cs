using System.Net.Http.Headers;
using Investment.Api.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Infrastructure;

/// <summary>The API over its own copy of the migrated database; <see cref="SeededApiFixture"/> adds seed-data/.</summary>
public class ApiFixture : IAsyncLifetime
{
    /// <summary>Tests run on a fixed date, so "this year" and "in the future" never drift.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 20, 2, 0, 0, TimeSpan.Zero);

    private WebApplicationFactory<Program>? _factory;

    protected virtual bool Seeded => false;

    public string ConnectionString { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The app's services (its scheduler, for instance).</summary>
    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync(Seeded);
        _factory = CreateFactory();
        Client = _factory.CreateClient();
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>
    /// An instance of the app on this fixture's database. The fixture's own is <see cref="Services"/>; a test may start
    /// a second one (several instances behind a load balancer) and must dispose it.
    /// </summary>
    public WebApplicationFactory<Program> CreateFactory() => new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Investment", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        // No recurring jobs in tests; queued jobs (POST → 202) still run on the scheduler.
        builder.UseSetting("Scheduling:Enabled", "false");
        Configure(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now)));
    });

    /// <summary>Settings a fixture adds on top of the defaults above.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public InvestmentDb CreateDb() =>
        new(new DbContextOptionsBuilder<InvestmentDb>().UseNpgsql(ConnectionString).Options);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await TestCluster.DropDatabaseAsync(ConnectionString);
    }
}

public sealed class SeededApiFixture : ApiFixture
{
    protected override bool Seeded => true;
}

public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
