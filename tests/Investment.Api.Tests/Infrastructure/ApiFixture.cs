using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Infrastructure;

/// <summary>
/// The API over its own copy of the migrated database; <see cref="SeededApiFixture"/> adds seed-data/.
/// <see cref="Client"/> is signed in as an administrator (created at start-up from Admin:Email / Admin:Password,
/// the same path production uses); <see cref="ClientForAsync"/> makes users of other roles and scopes.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    /// <summary>Tests run on a fixed date, so "this year" and "in the future" never drift.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 20, 2, 0, 0, TimeSpan.Zero);

    public const string AdminEmail = "admin@test.local";

    private WebApplicationFactory<Program>? _factory;
    private int _users;

    protected virtual bool Seeded => false;

    /// <summary>Serve on a real socket (Kestrel on a free port) instead of the in-memory test server: for a browser.</summary>
    protected virtual bool RealServer => false;

    /// <summary>Where the real server listens ("http://127.0.0.1:port"); null on the in-memory test server.</summary>
    public string? ServerAddress { get; private set; }

    public string ConnectionString { get; private set; } = "";

    /// <summary>The app's clock; a test may move it (and must put it back) to see tokens expire.</summary>
    public MutableTimeProvider Clock { get; } = new(Now);

    /// <summary>Signed in with a bearer token as an administrator.</summary>
    public HttpClient Client { get; private set; } = null!;

    public string AdminPassword { get; } = AccountBootstrap.NewPassword();

    /// <summary>The app's services (its endpoint list, for instance).</summary>
    public IServiceProvider Services => _factory!.Services;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.CreateDatabaseAsync(Seeded);
        _factory = CreateFactory();
        if (RealServer)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
            ServerAddress = _factory.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);
        }
        Client = await SignInAsync(AdminEmail, AdminPassword);
    }

    /// <summary>
    /// An instance of the app on this fixture's database. The fixture's own is <see cref="Services"/>; a test may start
    /// a second one (several instances behind a load balancer, or with other settings: <paramref name="configure"/>)
    /// and must dispose it.
    /// </summary>
    public WebApplicationFactory<Program> CreateFactory(Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Investment", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        // No recurring jobs in tests; queued jobs (POST → 202) still run on the scheduler.
        builder.UseSetting("Scheduling:Enabled", "false");
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", AdminPassword);
        // Tests write far faster than people; RateLimitTests checks the limits themselves with their own fixture.
        builder.UseSetting("RateLimits:LoginPerMinute", "100000");
        builder.UseSetting("RateLimits:WritesPerMinute", "100000");
        Configure(builder);
        configure?.Invoke(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    });

    /// <summary>Settings a fixture adds on top of the defaults above.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient AnonymousClient(string? baseAddress = null)
    {
        var client = _factory!.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(baseAddress ?? ServerAddress ?? "http://localhost"),
            AllowAutoRedirect = false,
        });
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Signs in through POST /api/v1/auth/login and returns a client sending the bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = AnonymousClient();
        var tokens = await LoginAsync(client, email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    public static async Task<JsonElement> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        return await response.ReadAsync<JsonElement>();
    }

    /// <summary>Creates a user with the role and scopes (through the users API, as an administrator) and signs them in.</summary>
    public async Task<HttpClient> ClientForAsync(
        string role, string[]? regionCodes = null, long[]? projectIds = null, long[]? sectionIds = null)
    {
        var (email, password) = await CreateUserAsync(role, regionCodes, projectIds, sectionIds);
        return await SignInAsync(email, password);
    }

    public async Task<(string Email, string Password)> CreateUserAsync(
        string role, string[]? regionCodes = null, long[]? projectIds = null, long[]? sectionIds = null)
    {
        var email = $"{role}.{Interlocked.Increment(ref _users)}.{Guid.NewGuid():N}"[..40] + "@test.local";
        var password = AccountBootstrap.NewPassword();
        var response = await Client.PostJsonAsync("/api/v1/users", new { email, password, role, regionCodes, projectIds, sectionIds });
        await response.ReadAsync<JsonElement>(System.Net.HttpStatusCode.Created);
        return (email, password);
    }

    public InvestmentDb CreateDb() =>
        new(new DbContextOptionsBuilder<InvestmentDb>().UseNpgsql(ConnectionString).Options);

    public virtual async Task DisposeAsync()
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

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class MutableTimeProvider(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset value) => Interlocked.Exchange(ref _ticks, value.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
