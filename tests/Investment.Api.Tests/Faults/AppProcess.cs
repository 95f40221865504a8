using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Investment.Api.Data;
using Investment.Api.Features.Auth;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Faults;

/// <summary>
/// The built API (Investment.Api.dll, run by <c>dotnet</c>) as a child process on a free port of 127.0.0.1, so a test
/// can kill it the way the OS or an orchestrator does — SIGKILL, no shutdown hooks, no finally blocks — which an
/// in-process host cannot survive. Configuration goes in as environment variables (<c>Section__Key</c>).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int KeptOutputLines = 300;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private AppProcess(Process process, ConcurrentQueue<string> output, Uri address)
    {
        _process = process;
        _output = output;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri Address { get; }

    /// <summary>A client of this instance, signed in as the administrator; requests made after <see cref="KillAsync"/> fail to connect.</summary>
    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// One administrator password for the whole run: the first instance on a database creates the administrator, and
    /// later instances on it (restarts) find it and must sign in with the same password.
    /// </summary>
    private static readonly string AdminPassword = AccountBootstrap.NewPassword();

    /// <summary>
    /// The settings every instance runs with, as the in-process fixtures do: the database (already migrated —
    /// TestCluster's copies are), no recurring jobs (queued ones still run), the first administrator, and rate limits
    /// out of the way of tests that write faster than people.
    /// </summary>
    public static Dictionary<string, string> Settings(string connectionString) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Investment"] = connectionString,
        ["Database__MigrateOnStartup"] = "false",
        ["Scheduling__Enabled"] = "false",
        ["Admin__Email"] = ApiFixture.AdminEmail,
        ["Admin__Password"] = AdminPassword,
        ["RateLimits__LoginPerMinute"] = "100000",
        ["RateLimits__WritesPerMinute"] = "100000",
    };

    /// <summary>Starts an instance and waits until /health/ready answers 200.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = LocalPostgres.GetFreePort();
            var output = new ConcurrentQueue<string>();
            var process = Launch(port, settings, output);
            var app = new AppProcess(process, output, new Uri($"http://127.0.0.1:{port}"));
            try
            {
                await app.WaitUntilReadyAsync();
                await app.SignInAsync();
                return app;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                // Another process took the port between our probe and the app's bind.
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Signs <see cref="Client"/> in as the administrator, with a bearer token.</summary>
    private async Task SignInAsync()
    {
        var tokens = await ApiFixture.LoginAsync(Client, ApiFixture.AdminEmail, AdminPassword);
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
    }

    /// <summary>SIGKILL, and waits until the process is gone: what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>The last lines the app wrote (stdout and stderr), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await Client.GetAsync("/health/ready", timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until /health/ready answers 200, failing with the app's output if it exits or takes too long.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? StartTimeout);
        while (!await IsReadyAsync())
        {
            if (_process.HasExited)
            {
                var output = Output;
                if (output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException();
                }
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The API was not ready within {timeout ?? StartTimeout}:{Environment.NewLine}{Output}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        _process.Dispose();
    }

    /// <summary>
    /// Starts an instance the way a container does: no <c>--urls</c>, only the environment given (the image's ENV), and
    /// waits until <paramref name="address"/> answers /health/live. Not signed in.
    /// </summary>
    public static async Task<AppProcess> StartAsContainerAsync(IReadOnlyDictionary<string, string> environment, Uri address)
    {
        var output = new ConcurrentQueue<string>();
        var app = new AppProcess(Launch(port: null, environment, output), output, address);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await app.Client.GetAsync("/health/live");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (app.HasExited || DateTime.UtcNow > deadline)
            {
                var message = $"The API did not answer on {address} (exited: {app.HasExited}):{Environment.NewLine}{app.Output}";
                await app.DisposeAsync();
                throw new InvalidOperationException(message);
            }
            await Task.Delay(200);
        }
    }

    private static Process Launch(int? port, IReadOnlyDictionary<string, string> settings, ConcurrentQueue<string> output)
    {
        // The API assembly is copied next to the tests (project reference), with its deps.json and runtimeconfig.json.
        var directory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        var arguments = port is null
            ? new[] { Path.Combine(directory, "Investment.Api.dll") }
            : [Path.Combine(directory, "Investment.Api.dll"), "--urls", $"http://127.0.0.1:{port}"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing of the runner's own configuration may leak into the app; only what the test sets.
        foreach (var key in start.Environment.Keys.Where(IsAppConfiguration).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Enqueue(e.Data);
            while (output.Count > KeptOutputLines && output.TryDequeue(out string? _))
            {
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static bool IsAppConfiguration(string key) =>
        key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
        || key.Contains("__", StringComparison.Ordinal);

    private sealed class PortTakenException : Exception;
}
