using System.Security.Cryptography;
using System.Text;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Auth;

/// <summary>The first administrator could not be created (a password the policy refuses, a clash); start-up stops.</summary>
public sealed class AccountSetupException(string message) : Exception(message);

/// <summary>
/// Accounts that exist before anyone can sign in. The repository holds no password: the first administrator comes
/// from <c>create-admin &lt;email&gt;</c> or from <c>Admin:Email</c> + <c>Admin:Password</c> at start-up (only while no
/// administrator exists). Demo users are created only in the private demo cluster, with random passwords printed once
/// and kept in <c>.data/demo-users.txt</c> (mode 600).
/// </summary>
public sealed class AccountBootstrap(
    IServiceProvider services, DatabaseConnection connection, IConfiguration configuration, ILogger<AccountBootstrap> logger)
    : IHostedService
{
    public const string DemoDomain = "demo.local";
    public const string DemoUsersFileName = "demo-users.txt";
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().RunAs(Caller.System("startup"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<InvestmentDb>();
        // Several instances may start at once with the same Admin:* settings: one at a time checks and creates. The
        // session lock lives on the connection kept open for this context, and ends with it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"select pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await CreateAccountsAsync(db, users, cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    // Distinct from the migration runner's key; any constant every instance shares works.
    private const long AdvisoryLockKey = 7_240_411_2024;

    private async Task CreateAccountsAsync(InvestmentDb db, UserManager<AppUser> users, CancellationToken cancellationToken)
    {
        if (configuration["Admin:Email"] is { Length: > 0 } email
            && !await db.UserRoles.AnyAsync(r => r.RoleId == Roles.Administrator, cancellationToken))
        {
            var password = configuration["Admin:Password"];
            if (string.IsNullOrEmpty(password))
            {
                throw new AccountSetupException("Admin:Email is set but Admin:Password is not.");
            }
            await CreateAdministratorAsync(users, email, password);
            logger.LogInformation("Created the first administrator {Email} from configuration", email);
        }

        if (connection.IsLocalCluster && configuration.GetValue("Demo:Users", true))
        {
            await CreateDemoUsersAsync(db, users, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates the user as an administrator, or makes an existing user one with this password.</summary>
    public static async Task CreateAdministratorAsync(UserManager<AppUser> users, string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        IdentityResult result;
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            result = await users.CreateAsync(user, password);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, password);
        }
        if (result.Succeeded && !await users.IsInRoleAsync(user, Roles.Administrator))
        {
            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current);
            result = await users.AddToRoleAsync(user, Roles.Administrator);
        }
        if (!result.Succeeded)
        {
            throw new AccountSetupException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed record DemoUser(string Role, string Email, string? RegionCode, string ScopeLabel, long? SectionId = null);

    private async Task CreateDemoUsersAsync(InvestmentDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(connection.LocalDataDirectory ?? "."))!, DemoUsersFileName);
        if (File.Exists(file) || await db.Users.AnyAsync(u => u.NormalizedEmail!.EndsWith("@" + DemoDomain.ToUpperInvariant()), ct))
        {
            return;
        }
        var counties = await db.Regions.Where(r => r.Code == "330681" || r.Code == "331081")
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        if (counties.Count < 2)
        {
            logger.LogInformation("Demo users skipped: the seed data (诸暨 330681, 温岭 331081) is not loaded");
            return;
        }
        var demo = new List<DemoUser> { new(Roles.Administrator, $"admin@{DemoDomain}", null, "everything") };
        foreach (var (code, slug) in new[] { ("330681", "zhuji"), ("331081", "wenling") })
        {
            var section = await db.Sections.Where(s => s.RegionCode == code).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.Name, Project = s.Project!.Code }).FirstAsync(ct);
            demo.Add(new(Roles.Planning, $"planning.{slug}@{DemoDomain}", code, $"{code} {counties[code]}"));
            demo.Add(new(Roles.Headquarters, $"hq.{slug}@{DemoDomain}", null,
                $"section {section.Id} {section.Project} {section.Name}", section.Id));
            demo.Add(new(Roles.Leadership, $"leader.{slug}@{DemoDomain}", code, $"{code} {counties[code]}"));
        }

        var lines = new StringBuilder()
            .AppendLine("# Demo users of the private demo database. Passwords were generated at first start and are")
            .AppendLine("# shown only here; an administrator can set new ones (POST /api/v1/users/{id}/password).")
            .AppendLine("# role\temail\tpassword\tscope");
        foreach (var user in demo)
        {
            var password = NewPassword();
            var account = new AppUser { UserName = user.Email, Email = user.Email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            var result = await users.CreateAsync(account, password);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(account, user.Role);
            }
            if (!result.Succeeded)
            {
                throw new AccountSetupException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
            if (user.RegionCode is not null || user.SectionId is not null)
            {
                db.UserScopes.Add(new UserScope { UserId = account.Id, RegionCode = user.RegionCode, SectionId = user.SectionId });
            }
            lines.Append(user.Role).Append('\t').Append(user.Email).Append('\t').Append(password).Append('\t').AppendLine(user.ScopeLabel);
        }
        await db.SaveChangesAsync(ct);

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var writer = new StreamWriter(file, Encoding.UTF8, options))
        {
            await writer.WriteAsync(lines.ToString());
        }
        // Printed once, on purpose to the console rather than the log: logs are kept and shipped, this is not.
        await Console.Out.WriteLineAsync($"""

            Demo users created (only in this private demo database); also written to {file}:
            {lines}
            """);
    }

    /// <summary>20 characters from an unambiguous alphabet, drawn until upper case, lower case and digits all occur.</summary>
    public static string NewPassword()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(PasswordAlphabet, 20);
            if (password.Any(char.IsUpper) && password.Any(char.IsLower) && password.Any(char.IsDigit))
            {
                return password;
            }
        }
    }
}
