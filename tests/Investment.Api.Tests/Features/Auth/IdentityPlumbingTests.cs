using System.Net;
using System.Net.Http.Headers;
using Investment.Api.Data;
using Investment.Api.Features.Auth;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Investment.Api.Tests.Features.Auth;

public sealed class IdentityPlumbingTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task ATokenIssuedByOneInstance_IsAcceptedByAnother_BecauseTheKeyRingIsInTheDatabase()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: ["330681"]);
        var tokens = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        await using var second = api.CreateFactory();
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());

        var response = await client.GetAsync("/api/v1/projects");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = api.CreateDb();
        Assert.NotEmpty(db.DataProtectionKeys.ToList());
        Assert.False(db.AuditLog.Any(a => a.TableName == "data_protection_keys"));
    }

    [Fact]
    public async Task DemoUsers_OnlyInThePrivateCluster_OnePerRoleOverTwoCounties_WrittenOnceToAPrivateFile()
    {
        var folder = Directory.CreateTempSubdirectory("investment-demo-");
        try
        {
            var local = new DatabaseConnection();
            local.Use(api.ConnectionString, isLocalCluster: true, Path.Combine(folder.FullName, "postgres"));
            var configuration = api.Services.GetRequiredService<IConfiguration>();
            var bootstrap = new AccountBootstrap(api.Services, local, configuration, NullLogger<AccountBootstrap>.Instance);

            await bootstrap.StartAsync(CancellationToken.None);

            var file = Path.Combine(folder.FullName, AccountBootstrap.DemoUsersFileName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            var users = File.ReadAllLines(file).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
            Assert.Equal(7, users.Count);
            Assert.Equal(["administrator", "headquarters", "headquarters", "leadership", "leadership", "planning", "planning"],
                users.Select(u => u[0]).Order());
            Assert.Contains(users, u => u[0] == "planning" && u[3].StartsWith("330681", StringComparison.Ordinal));
            Assert.Contains(users, u => u[0] == "leadership" && u[3].StartsWith("331081", StringComparison.Ordinal));
            foreach (var user in users)
            {
                var client = await api.SignInAsync(user[1], user[2]);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/manage/info")).StatusCode);
            }

            // A second start changes nothing: no new users, the file (and its passwords) stay as they were.
            var before = await File.ReadAllTextAsync(file);
            await bootstrap.StartAsync(CancellationToken.None);
            Assert.Equal(before, await File.ReadAllTextAsync(file));
            await using var db = api.CreateDb();
            Assert.Equal(7, db.Users.Count(u => u.Email!.EndsWith("@" + AccountBootstrap.DemoDomain)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
