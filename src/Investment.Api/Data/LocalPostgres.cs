using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Investment.Api.Data;

/// <summary>Options for <see cref="LocalPostgres.StartAsync"/>.</summary>
/// <param name="DataDirectory">Cluster data folder. Created (initdb) when it holds no <c>PG_VERSION</c>.</param>
/// <param name="BinDirectory">Folder holding initdb, pg_ctl and postgres; null to search for them.</param>
/// <param name="DatabaseName">Database created in the cluster when missing (^[a-z_][a-z0-9_]{0,62}$).</param>
/// <param name="Persistent">
/// False for throwaway (test) clusters: fsync is off, a leftover cluster from a crashed run is wiped
/// and re-created, and the data folder is deleted when the cluster stops.
/// </param>
public sealed record LocalPostgresOptions(
    string DataDirectory,
    string? BinDirectory = null,
    string DatabaseName = "investment",
    bool Persistent = true);

/// <summary>
/// A private PostgreSQL cluster started from the machine's PostgreSQL binaries (initdb / pg_ctl),
/// listening on 127.0.0.1 on a free port, with a generated superuser password. Used by the API when
/// no connection string is configured and by the test fixture.
/// </summary>
/// <remarks>
/// <para>
/// PostgreSQL refuses to run as root. When this process is root, initdb and pg_ctl run as the
/// <c>postgres</c> OS user through <c>runuser -u postgres --</c> and the data folder is chowned to it.
/// </para>
/// <para>
/// While started, an exclusive lock is held on <c>&lt;data folder&gt;.lock</c> (a sibling file). The kernel
/// releases it when the owning process dies, so a server found running in a data folder whose lock is free
/// is left over from a crashed run and is stopped (<c>pg_ctl stop -m fast</c>) before the cluster starts
/// again; a data folder locked by a live process is never touched.
/// </para>
/// <para>
/// The generated password is kept in <c>investment.password</c> (mode 600) inside the data folder so a
/// persistent cluster can be restarted. The server log is <c>investment-server.log</c> in the data folder.
/// </para>
/// </remarks>
public sealed partial class LocalPostgres : IAsyncDisposable
{
    /// <summary>File inside the data folder holding the superuser password (mode 600).</summary>
    public const string PasswordFileName = "investment.password";

    /// <summary>Server log file (pg_ctl -l) inside the data folder.</summary>
    public const string ServerLogFileName = "investment-server.log";

    private const string SuperUser = "postgres";
    private const string ServerOsUser = "postgres";
    private const int TailLines = 40;
    private const long MaxLogBytesBeforeRotation = 10L * 1024 * 1024;
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    // Where a root-run cluster goes when the postgres user cannot traverse to the requested folder
    // (typically a folder under /root, mode 700). /var/tmp rather than /tmp: it survives reboots and is not
    // a tmpfs, so a persistent cluster stays persistent; the hash keeps one folder per requested path, so
    // restarting with the same DataDirectory finds the same cluster again.
    private const string RootFallbackBase = "/var/tmp/investment-pg";

    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90); // pg_ctl's own -t 60, plus margin
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(15);

    private readonly Tools _tools;
    private readonly ILogger _logger;
    private readonly LocalPostgresOptions _options;
    private readonly bool _persistent;
    private readonly FileStream? _lock;
    private readonly string _lockPath;
    private readonly Lock _stopGate = new();
    private Task? _stopTask;

    private LocalPostgres(
        Tools tools, ILogger logger, LocalPostgresOptions options, string dataDirectory, int port, string password,
        FileStream? dirLock, string lockPath)
    {
        _tools = tools;
        _logger = logger;
        _options = options;
        _persistent = options.Persistent;
        _lock = dirLock;
        _lockPath = lockPath;
        DataDirectory = dataDirectory;
        DatabaseName = options.DatabaseName;
        Port = port;
        ConnectionString = BuildConnectionString(port, password, options.DatabaseName);
        AdminConnectionString = BuildConnectionString(port, password, "postgres");
    }

    /// <summary>Npgsql connection string to <see cref="DatabaseName"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>Npgsql connection string to the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The data folder actually used (differs from the requested one only in the root fallback case).</summary>
    public string DataDirectory { get; }

    /// <summary>The application database created at start.</summary>
    public string DatabaseName { get; }

    /// <summary>Folder of the PostgreSQL binaries in use.</summary>
    public string BinDirectory => _tools.BinDirectory;

    /// <summary>Server log file.</summary>
    public string ServerLogFile => Path.Combine(DataDirectory, ServerLogFileName);

    /// <summary>
    /// Finds the PostgreSQL binaries, initialises the data folder if needed, starts the server on a free
    /// port and creates <see cref="LocalPostgresOptions.DatabaseName"/> when missing.
    /// </summary>
    /// <exception cref="LocalPostgresUnavailableException">No binaries, or root without a usable postgres user.</exception>
    /// <exception cref="LocalPostgresException">A step failed; the message carries the process output and server log.</exception>
    public static async Task<LocalPostgres> StartAsync(LocalPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ValidateDatabaseName(options.DatabaseName, nameof(options));

        var clock = Stopwatch.StartNew();
        var (binDir, version) = await FindBinariesAsync(options, logger, ct);
        var tools = await Tools.CreateAsync(binDir, logger, ct);

        var requested = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        if (Path.GetDirectoryName(requested) is null)
        {
            throw new ArgumentException("DataDirectory must not be a file-system root.", nameof(options));
        }

        var dataDir = await ChooseDataDirectoryAsync(tools, requested, logger, ct);
        Directory.CreateDirectory(Path.GetDirectoryName(dataDir)!);
        var lockPath = dataDir + ".lock";
        var dirLock = await AcquireLockAsync(lockPath, dataDir, logger, ct);

        var serverMayRun = false;
        try
        {
            var (password, initialised) = await PrepareDataDirectoryAsync(tools, options, dataDir, logger, ct);
            serverMayRun = true;
            var port = await StartServerAsync(tools, options, dataDir, logger, ct);

            var instance = new LocalPostgres(tools, logger, options, dataDir, port, password, dirLock, lockPath);
            await EnsureDatabaseAsync(instance.AdminConnectionString, options.DatabaseName, ct);
            Log.Ready(logger, version, port, options.DatabaseName, dataDir, options.Persistent ? "persistent" : "throwaway",
                initialised ? "cold" : "warm", clock.ElapsedMilliseconds);
            return instance;
        }
        catch
        {
            if (serverMayRun)
            {
                await StopQuietlyAsync(tools, dataDir, logger);
            }

            ReleaseLock(dirLock, lockPath, deleteFile: false);
            throw;
        }
    }

    /// <summary>Stops the server (pg_ctl stop -m fast, waiting); deletes the data folder of a throwaway cluster.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stopTask ??= StopCoreAsync();
        }
    }

    /// <summary>
    /// Stops the server the way a crash does (<c>pg_ctl stop -m immediate</c>: no shutdown checkpoint, so the next
    /// start replays the WAL), keeping the data folder and the lock. For fault tests of the application's clients;
    /// <see cref="StartAgainAsync"/> brings the server back.
    /// </summary>
    public async Task StopImmediatelyAsync(CancellationToken cancellationToken = default)
    {
        var stop = await _tools.RunPgAsync(
            "pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30"], PgCtlTimeout, cancellationToken);
        if (stop.ExitCode != 0)
        {
            throw Failure("Stopping PostgreSQL immediately (pg_ctl stop -m immediate)", stop, ServerLogFile, 0);
        }
    }

    /// <summary>
    /// Starts a stopped server again with the same settings on the same <see cref="Port"/>, so the connection strings
    /// handed out stay valid; after <see cref="StopImmediatelyAsync"/> it recovers from the WAL first.
    /// </summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        RemovePidFileOfDeadPostmaster(DataDirectory, _logger);
        await StartServerAsync(_tools, _options, DataDirectory, _logger, cancellationToken, Port);
    }

    /// <summary>Calls <see cref="StopAsync"/>; failures are logged, not thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception ex)
        {
            Log.StopFailed(_logger, ex, DataDirectory);
        }
    }

    /// <summary>Drops a database (WITH (FORCE): open sessions are terminated). Returns 1 if it existed, else 0.</summary>
    public static async Task<int> DropDatabaseIfExistsAsync(
        string adminConnectionString, string name, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name, nameof(name));
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(cancellationToken);
        if (!await DatabaseExistsAsync(conn, name, cancellationToken))
        {
            return 0;
        }

        await using var cmd = new NpgsqlCommand("DROP DATABASE IF EXISTS " + QuoteIdentifier(name) + " WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return 1;
    }

    /// <summary>
    /// Creates a database, optionally as a copy of <paramref name="template"/>. PostgreSQL refuses to copy a
    /// template that has open sessions (clear the Npgsql pool of the template first); that case is retried
    /// for a few seconds.
    /// </summary>
    public static async Task CreateDatabaseAsync(
        string adminConnectionString, string name, string? template = null, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name, nameof(name));
        var sql = "CREATE DATABASE " + QuoteIdentifier(name);
        if (template is not null)
        {
            ValidateDatabaseName(template, nameof(template));
            sql += " TEMPLATE " + QuoteIdentifier(template);
        }

        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var cmd = new NpgsqlCommand(sql, conn);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // "source database is being accessed by other users": wait for those sessions to close.
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    // ---------------------------------------------------------------- start-up steps

    private static async Task<(string BinDir, string Version)> FindBinariesAsync(
        LocalPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        var looked = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.BinDirectory))
        {
            var dir = Path.GetFullPath(options.BinDirectory);
            if (HasServerBinaries(dir))
            {
                return (dir, await GetVersionAsync(dir, ct));
            }

            looked.Add("configured bin directory " + dir + ": " + MissingBinaries(dir));
            Log.ConfiguredBinDirectoryUnusable(logger, dir);
        }
        else
        {
            looked.Add("configured bin directory (LocalPostgresOptions.BinDirectory): not set");
        }

        var initdbOnPath = FindOnPath("initdb" + ExeSuffix);
        if (initdbOnPath is not null)
        {
            var dir = Path.GetDirectoryName(ResolveLinks(initdbOnPath))!;
            if (HasServerBinaries(dir))
            {
                return (dir, await GetVersionAsync(dir, ct));
            }

            looked.Add("initdb on PATH (" + initdbOnPath + "): " + MissingBinaries(dir));
        }
        else
        {
            looked.Add("initdb on PATH (" + (Environment.GetEnvironmentVariable("PATH") ?? "") + "): not found");
        }

        var pgConfig = FindOnPath("pg_config" + ExeSuffix);
        if (pgConfig is null)
        {
            looked.Add("pg_config --bindir: pg_config not on PATH");
        }
        else
        {
            try
            {
                var r = await RunProcessAsync(pgConfig, ["--bindir"], ShortTimeout, ct);
                var dir = r.Lines.Count > 0 ? r.Lines[0].Trim() : "";
                if (r.ExitCode == 0 && dir.Length > 0 && HasServerBinaries(dir))
                {
                    return (dir, await GetVersionAsync(dir, ct));
                }

                looked.Add("pg_config --bindir (" + pgConfig + "): "
                    + (r.ExitCode != 0 || dir.Length == 0 ? "failed" : dir + ": " + MissingBinaries(dir)));
            }
            catch (LocalPostgresException ex)
            {
                looked.Add("pg_config --bindir (" + pgConfig + "): " + ex.Message.Split('\n')[0]);
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        var versioned = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseFolderVersion(Path.GetFileName(d))))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version)
                .ToList()
            : [];
        foreach (var candidate in versioned)
        {
            if (HasServerBinaries(candidate.Dir))
            {
                return (candidate.Dir, await GetVersionAsync(candidate.Dir, ct));
            }
        }

        looked.Add(debianRoot + "/*/bin: " + (versioned.Count == 0
            ? "no such folders"
            : "none of " + string.Join(", ", versioned.Select(v => v.Dir)) + " holds initdb, pg_ctl and postgres"));

        throw new LocalPostgresUnavailableException(
            "Cannot start the embedded PostgreSQL database: no PostgreSQL server binaries (initdb, pg_ctl and postgres) were found."
            + Environment.NewLine + "Looked for them in:" + Environment.NewLine
            + string.Concat(looked.Select(l => "  - " + l + Environment.NewLine))
            + "To fix this, do one of:" + Environment.NewLine
            + "  - install PostgreSQL 15 or newer (Debian/Ubuntu: `apt-get install postgresql`; elsewhere the server package of your OS), or set the bin directory option to the folder holding initdb and pg_ctl;" + Environment.NewLine
            + "  - set ConnectionStrings__Investment to an existing database, e.g. ConnectionStrings__Investment=\"Host=localhost;Port=5432;Username=...;Password=...;Database=investment\";" + Environment.NewLine
            + "  - run everything with Docker: `docker compose up`.");
    }

    /// <summary>
    /// Non-root: the requested folder. Root: the requested folder if the postgres user can traverse to it,
    /// otherwise a per-path folder under /var/tmp/investment-pg (see <see cref="RootFallbackBase"/>).
    /// </summary>
    private static async Task<string> ChooseDataDirectoryAsync(Tools tools, string requested, ILogger logger, CancellationToken ct)
    {
        if (!tools.RunsAsServerUser)
        {
            return requested;
        }

        var parent = Path.GetDirectoryName(requested)!;
        Directory.CreateDirectory(parent);
        var check = await tools.RunAsServerUserAsync("test", ["-x", parent], ShortTimeout, ct);
        if (check.ExitCode == 0)
        {
            return requested;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..16];
        var fallback = RootFallbackBase + "/" + hash;
        Directory.CreateDirectory(RootFallbackBase);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(RootFallbackBase,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Log.RootFallbackDirectory(logger, ServerOsUser, requested, fallback);
        return fallback;
    }

    private static async Task<FileStream?> AcquireLockAsync(string lockPath, string dataDir, ILogger logger, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var logged = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock() on Unix; the kernel drops it when the process dies.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException ex)
            {
                Log.NoLockFile(logger, ex, lockPath);
                return null;
            }
            catch (IOException ex)
            {
                if (waited.Elapsed > LockWait)
                {
                    throw new LocalPostgresException(
                        "The PostgreSQL data folder " + dataDir + " is in use by another process (lock file " + lockPath
                        + " is held: " + ex.Message + "). Stop that process or use another data folder.", ex);
                }

                if (!logged)
                {
                    Log.WaitingForLock(logger, lockPath);
                    logged = true;
                }

                await Task.Delay(250, ct);
            }
        }
    }

    /// <summary>Stops a leftover server, wipes/initialises as needed; returns the superuser password.</summary>
    private static async Task<(string Password, bool Initialised)> PrepareDataDirectoryAsync(
        Tools tools, LocalPostgresOptions options, string dataDir, ILogger logger, CancellationToken ct)
    {
        var hasCluster = File.Exists(Path.Combine(dataDir, "PG_VERSION"));
        if (hasCluster)
        {
            await tools.ChownToServerUserAsync(dataDir, recursive: true, ct);
            await StopLeftoverServerAsync(tools, dataDir, logger, ct);

            if (!options.Persistent)
            {
                // A throwaway cluster left by a crashed run: start from scratch rather than reuse its state.
                Log.RemovingLeftoverThrowaway(logger, dataDir);
                Directory.Delete(dataDir, recursive: true);
                hasCluster = false;
            }
        }

        if (hasCluster)
        {
            var passwordFile = Path.Combine(dataDir, PasswordFileName);
            if (!File.Exists(passwordFile))
            {
                throw new LocalPostgresException(
                    "The PostgreSQL data folder " + dataDir + " has no " + PasswordFileName
                    + ": it was not created by this application or its initialisation was interrupted. "
                    + "Delete the folder to have it re-created, or point ConnectionStrings__Investment at that cluster.");
            }

            return ((await File.ReadAllTextAsync(passwordFile, ct)).Trim(), false);
        }

        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
        {
            throw new LocalPostgresException(
                "The folder " + dataDir + " is not empty and is not a PostgreSQL data folder (no PG_VERSION). "
                + "Choose a new or empty folder, or delete it.");
        }

        return (await InitDbAsync(tools, dataDir, options.Persistent, logger, ct), true);
    }

    private static async Task StopLeftoverServerAsync(Tools tools, string dataDir, ILogger logger, CancellationToken ct)
    {
        RemovePidFileOfDeadPostmaster(dataDir, logger);

        // Exit codes of pg_ctl status: 0 running, 3 not running, 4 no accessible data folder.
        var status = await tools.RunPgAsync("pg_ctl", ["status", "-D", dataDir], ShortTimeout, ct);
        if (status.ExitCode != 0)
        {
            return; // a stale postmaster.pid without a live server is handled by pg_ctl start
        }

        Log.StoppingLeftoverServer(logger, dataDir);
        await StopServerAsync(tools, dataDir, logger, ct);
    }

    /// <summary>pg_ctl stop -m fast, then -m immediate; "not running (any more)" counts as stopped.</summary>
    private static async Task StopServerAsync(Tools tools, string dataDir, ILogger logger, CancellationToken ct)
    {
        ProcessResult? failed = null;
        foreach (var (mode, seconds) in new[] { ("fast", "60"), ("immediate", "30") })
        {
            if (failed is not null)
            {
                Log.StopModeFailed(logger, failed.ExitCode, mode);
            }

            var stop = await tools.RunPgAsync("pg_ctl", ["stop", "-D", dataDir, "-m", mode, "-w", "-t", seconds], PgCtlTimeout, ct);
            if (stop.ExitCode == 0)
            {
                return;
            }

            // The server may have gone away by itself meanwhile (pg_ctl: "No such process" / "Is server running?").
            RemovePidFileOfDeadPostmaster(dataDir, logger);
            var status = await tools.RunPgAsync("pg_ctl", ["status", "-D", dataDir], ShortTimeout, ct);
            if (status.ExitCode != 0)
            {
                return;
            }

            failed = stop;
        }

        throw Failure("Stopping PostgreSQL (pg_ctl stop)", failed!, Path.Combine(dataDir, ServerLogFileName), 0);
    }

    /// <summary>
    /// A postmaster killed hard stays a zombie until its new parent (init) reaps it, and a container's PID 1
    /// may take its time or never do so. kill(pid, 0) succeeds on a zombie, so pg_ctl status would call it
    /// running, pg_ctl stop would wait in vain, and a new postmaster would refuse the lock file. A zombie is
    /// dead, so its postmaster.pid is stale and is removed here (Linux /proc only; elsewhere a no-op).
    /// </summary>
    private static void RemovePidFileOfDeadPostmaster(string dataDir, ILogger logger)
    {
        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        try
        {
            if (!OperatingSystem.IsLinux() || !File.Exists(pidFile))
            {
                return;
            }

            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            if (!int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
            {
                return;
            }

            var stat = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "stat");
            if (!File.Exists(stat))
            {
                return; // gone entirely: pg_ctl status/start recognise that themselves
            }

            // Format: "pid (comm) state ...": the state follows the last ')'.
            var text = File.ReadAllText(stat);
            var close = text.LastIndexOf(')');
            if (close >= 0 && close + 2 < text.Length && text[close + 2] == 'Z')
            {
                Log.RemovingPidFileOfDeadPostmaster(logger, pid, dataDir);
                File.Delete(pidFile);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: pg_ctl reports what it finds
        }
    }

    private static async Task<string> InitDbAsync(Tools tools, string dataDir, bool persistent, ILogger logger, CancellationToken ct)
    {
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 32);
        var parent = Path.GetDirectoryName(dataDir)!;

        // The pwfile goes next to the data folder: that place is known to be reachable by the postgres user.
        var pwFile = Path.Combine(parent, "." + Path.GetFileName(dataDir) + ".pwfile-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        await WritePrivateFileAsync(pwFile, password + "\n", ct);
        try
        {
            await tools.ChownToServerUserAsync(pwFile, recursive: false, ct);
            foreach (var locale in (string[])["C.UTF-8", "C"])
            {
                Directory.CreateDirectory(dataDir);
                await tools.ChownToServerUserAsync(dataDir, recursive: false, ct);
                List<string> args =
                    ["-D", dataDir, "-U", SuperUser, "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8", "--locale=" + locale];
                if (!persistent)
                {
                    // Throwaway cluster: skip initdb's final fsync of ~1000 files (seconds on a slow disk), and
                    // deleting never-synced files later is quick too.
                    args.Add("--no-sync");
                }

                var result = await tools.RunPgAsync("initdb", args, InitDbTimeout, ct);
                if (result.ExitCode == 0)
                {
                    Log.Initialised(logger, dataDir, locale, (long)result.Elapsed.TotalMilliseconds);
                    break;
                }

                if (locale != "C" && result.Lines.Any(l => l.Contains("locale", StringComparison.OrdinalIgnoreCase)))
                {
                    Log.LocaleRefused(logger, locale);
                    if (Directory.Exists(dataDir) && !File.Exists(Path.Combine(dataDir, "PG_VERSION")))
                    {
                        Directory.Delete(dataDir, recursive: true);
                    }

                    continue;
                }

                throw Failure("initdb", result, null, 0);
            }
        }
        finally
        {
            File.Delete(pwFile);
        }

        var passwordFile = Path.Combine(dataDir, PasswordFileName);
        await WritePrivateFileAsync(passwordFile, password + "\n", ct);
        await tools.ChownToServerUserAsync(passwordFile, recursive: false, ct);
        return password;
    }

    /// <summary>Starts the server on <paramref name="fixedPort"/>, or on a free port (retried once if taken meanwhile).</summary>
    private static async Task<int> StartServerAsync(
        Tools tools, LocalPostgresOptions options, string dataDir, ILogger logger, CancellationToken ct, int? fixedPort = null)
    {
        var logFile = Path.Combine(dataDir, ServerLogFileName);
        RotateLogIfLarge(logFile);

        for (var attempt = 1; ; attempt++)
        {
            var port = fixedPort ?? GetFreePort();

            // fsync=off only for throwaway clusters (speed; a crash loses nothing we keep).
            // jit=off: decided deliberately; for our roll-up queries JIT compilation costs more than the query
            // (measured 1.9 s of 2.6 s). Unix sockets off: clients use TCP on 127.0.0.1 only.
            var serverOptions = string.Create(CultureInfo.InvariantCulture,
                $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync={(options.Persistent ? "on" : "off")} -c jit=off -c shared_buffers=128MB -c max_connections=200");
            var logOffset = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
            var result = await tools.RunPgAsync(
                "pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", serverOptions], PgCtlTimeout, ct);
            if (result.ExitCode == 0)
            {
                return port;
            }

            var logTail = ReadTail(logFile, logOffset);
            var portTaken = logTail.Concat(result.Lines).Any(l =>
                l.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                || l.Contains("Address already in use", StringComparison.OrdinalIgnoreCase));
            if (portTaken && attempt == 1 && fixedPort is null)
            {
                Log.PortTaken(logger, port);
                continue;
            }

            // Backends of a hard-killed postmaster exit on their own within moments.
            var shmemBusy = logTail.Any(l => l.Contains("pre-existing shared memory block", StringComparison.OrdinalIgnoreCase));
            if (shmemBusy && attempt <= 3)
            {
                Log.SharedMemoryStillInUse(logger, dataDir);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                continue;
            }

            throw Failure("Starting PostgreSQL (pg_ctl start)", result, logFile, logOffset);
        }
    }

    private static async Task EnsureDatabaseAsync(string adminConnectionString, string name, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        try
        {
            await conn.OpenAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            throw new LocalPostgresException(
                "The local PostgreSQL cluster rejected the password from " + PasswordFileName
                + " (was the password changed?). Delete the data folder to re-create the cluster.", ex);
        }

        if (await DatabaseExistsAsync(conn, name, ct))
        {
            return;
        }

        try
        {
            await using var cmd = new NpgsqlCommand("CREATE DATABASE " + QuoteIdentifier(name), conn);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // created concurrently: fine
        }
    }

    // ---------------------------------------------------------------- stopping

    private async Task StopCoreAsync()
    {
        ClearPool(ConnectionString);
        ClearPool(AdminConnectionString);
        var stopped = false;
        try
        {
            await StopServerAsync(_tools, DataDirectory, _logger, CancellationToken.None);
            stopped = true;
            Log.Stopped(_logger, Port, DataDirectory);
        }
        finally
        {
            // A server that could not be stopped keeps its folder (and the lock is released for a later retry).
            if (!_persistent && stopped)
            {
                await Task.Run(() => DeleteDirectory(DataDirectory, _logger));
            }

            ReleaseLock(_lock, _lockPath, deleteFile: !_persistent && stopped);
        }
    }

    private static async Task StopQuietlyAsync(Tools tools, string dataDir, ILogger logger)
    {
        try
        {
            RemovePidFileOfDeadPostmaster(dataDir, logger);
            if (!File.Exists(Path.Combine(dataDir, "postmaster.pid")))
            {
                return;
            }

            var status = await tools.RunPgAsync("pg_ctl", ["status", "-D", dataDir], ShortTimeout, CancellationToken.None);
            if (status.ExitCode == 0)
            {
                await tools.RunPgAsync("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"], PgCtlTimeout, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            Log.CleanupStopFailed(logger, ex, dataDir);
        }
    }

    private static void ReleaseLock(FileStream? dirLock, string lockPath, bool deleteFile)
    {
        if (deleteFile)
        {
            try
            {
                File.Delete(lockPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        dirLock?.Dispose();
    }

    private static void DeleteDirectory(string dir, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (attempt >= 5)
                {
                    Log.DeleteFailed(logger, ex, dir);
                    return;
                }

                Thread.Sleep(200);
            }
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static string ExeSuffix => OperatingSystem.IsWindows() ? ".exe" : "";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseNamePattern();

    private static void ValidateDatabaseName(string name, string paramName)
    {
        if (name is null || !DatabaseNamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                "Database name '" + name + "' must match ^[a-z_][a-z0-9_]{0,62}$.", paramName);
        }
    }

    // Names are validated against ^[a-z_][a-z0-9_]{0,62}$, so quoting cannot be broken out of.
    private static string QuoteIdentifier(string name) => "\"" + name + "\"";

    private static async Task<bool> DatabaseExistsAsync(NpgsqlConnection conn, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", conn);
        cmd.Parameters.AddWithValue("name", name);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    private static string BuildConnectionString(int port, string password, string database) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Host=127.0.0.1;Port={port};Username={SuperUser};Password={password};Database={database}");

    private static void ClearPool(string connectionString)
    {
        using var conn = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(conn);
    }

    /// <summary>A TCP port of 127.0.0.1 free a moment ago (another process may still take it before the caller binds it).</summary>
    internal static int GetFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool HasServerBinaries(string dir) => MissingBinaries(dir) == "ok";

    private static string MissingBinaries(string dir)
    {
        var missing = new[] { "initdb", "pg_ctl", "postgres" }
            .Where(n => !IsExecutableFile(Path.Combine(dir, n + ExeSuffix)))
            .ToList();
        return missing.Count == 0 ? "ok" : "missing " + string.Join(", ", missing);
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(ResolveLinks(path)) & anyExecute) != 0;
    }

    private static string? FindOnPath(string fileName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = Path.Combine(dir, fileName);
            if (Path.IsPathFullyQualified(candidate) && IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string ResolveLinks(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static Version? ParseFolderVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var v) ? v : null;

    private static async Task<string> GetVersionAsync(string binDir, CancellationToken ct)
    {
        // pg_ctl answers --version before its refuse-to-run-as-root check.
        var r = await RunProcessAsync(Path.Combine(binDir, "pg_ctl" + ExeSuffix), ["--version"], ShortTimeout, ct);
        if (r.ExitCode != 0)
        {
            throw Failure("pg_ctl --version", r, null, 0);
        }

        var line = r.Lines.Count > 0 ? r.Lines[0] : "";
        var marker = line.IndexOf(')', StringComparison.Ordinal);
        return (marker >= 0 ? line[(marker + 1)..] : line).Trim();
    }

    private static async Task WritePrivateFileAsync(string path, string content, CancellationToken ct)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, fileOptions))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(content), ct);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // also when it pre-existed
        }
    }

    private static void RotateLogIfLarge(string logFile)
    {
        if (File.Exists(logFile) && new FileInfo(logFile).Length > MaxLogBytesBeforeRotation)
        {
            File.Move(logFile, logFile + ".1", overwrite: true);
        }
    }

    private static List<string> ReadTail(string? file, long fromOffset)
    {
        if (file is null || !File.Exists(file))
        {
            return [];
        }

        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(fromOffset, stream.Length - (64 * 1024));
            if (start >= stream.Length)
            {
                return [];
            }

            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            if (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            return lines.Count > TailLines ? lines[^TailLines..] : lines;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ["(could not read " + file + ": " + ex.Message + ")"];
        }
    }

    private static LocalPostgresException Failure(string what, ProcessResult result, string? serverLog, long serverLogOffset)
    {
        var nl = Environment.NewLine;
        var text = new StringBuilder()
            .Append(what).Append(" failed with exit code ")
            .Append(result.ExitCode.ToString(CultureInfo.InvariantCulture))
            .Append(" after ").Append(result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s.").Append(nl)
            .Append("Command: ").Append(result.Command).Append(nl)
            .Append("--- output (last ").Append(TailLines.ToString(CultureInfo.InvariantCulture)).Append(" lines) ---").Append(nl);
        var output = result.Lines.Count > TailLines ? result.Lines.Skip(result.Lines.Count - TailLines) : result.Lines;
        foreach (var line in output)
        {
            text.Append(line).Append(nl);
        }

        if (serverLog is not null)
        {
            text.Append("--- server log ").Append(serverLog).Append(" (last ").Append(TailLines.ToString(CultureInfo.InvariantCulture))
                .Append(" lines) ---").Append(nl);
            foreach (var line in ReadTail(serverLog, serverLogOffset))
            {
                text.Append(line).Append(nl);
            }
        }

        return new LocalPostgresException(text.ToString());
    }

    // ---------------------------------------------------------------- processes

    private sealed record ProcessResult(string Command, int ExitCode, IReadOnlyList<string> Lines, TimeSpan Elapsed);

    /// <summary>Runs a program (ArgumentList, no shell), capturing stdout+stderr asynchronously, with a timeout.</summary>
    private static async Task<ProcessResult> RunProcessAsync(
        string fileName, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // PostgreSQL programs fail ("could not identify current directory") when the working directory is
            // not accessible to them, e.g. /root for the postgres user, so never inherit ours.
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(fileName) ?? "/",
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        // Libpq/server variables of the caller's environment must not leak into our cluster; English
        // messages keep the error text matching (locale, bind errors) reliable.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["LC_ALL"] = "C";
        psi.Environment["LANGUAGE"] = "C";

        var command = string.Join(' ', new[] { fileName }.Concat(args).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? "\"" + a + "\"" : a));
        var lines = new List<string>();
        var linesGate = new Lock();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (linesGate)
            {
                lines.Add(e.Data);
                if (lines.Count > 1000)
                {
                    lines.RemoveRange(0, 500);
                }
            }
        }

        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;

        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new LocalPostgresException("Could not run " + command + ": " + ex.Message, ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        if (process.HasExited)
        {
            exited.TrySetResult();
        }

        try
        {
            await exited.Task.WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            KillTree(process);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            List<string> partial;
            lock (linesGate)
            {
                partial = [.. lines];
            }

            throw Failure(
                "Timed out after " + timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s: " + Path.GetFileName(fileName),
                new ProcessResult(command, -1, partial, clock.Elapsed), null, 0);
        }

        // Drain the output; don't hang if a grandchild (a daemonised server) still holds the pipes.
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }

        List<string> captured;
        lock (linesGate)
        {
            captured = [.. lines];
        }

        return new ProcessResult(command, process.ExitCode, captured, clock.Elapsed);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Runs PostgreSQL programs, as the postgres OS user (runuser) when this process is root.</summary>
    private sealed class Tools
    {
        private readonly string? _runuser;

        private Tools(string binDirectory, string? runuser)
        {
            BinDirectory = binDirectory;
            _runuser = runuser;
        }

        public string BinDirectory { get; }

        public bool RunsAsServerUser => _runuser is not null;

        public static async Task<Tools> CreateAsync(string binDirectory, ILogger logger, CancellationToken ct)
        {
            if (!IsRoot())
            {
                return new Tools(binDirectory, null);
            }

            var runuser = FindOnPath("runuser")
                ?? new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" }.FirstOrDefault(IsExecutableFile);
            if (runuser is null)
            {
                throw new LocalPostgresUnavailableException(
                    "Cannot start the embedded PostgreSQL database: this process runs as root, PostgreSQL refuses to run as root, "
                    + "and `runuser` (util-linux) was not found to run it as the '" + ServerOsUser + "' OS user. "
                    + "Run the application as a normal user, install util-linux, set ConnectionStrings__Investment to an existing database, or use `docker compose up`.");
            }

            var tools = new Tools(binDirectory, runuser);
            var probe = await tools.RunAsServerUserAsync("true", [], ShortTimeout, ct);
            if (probe.ExitCode != 0)
            {
                throw new LocalPostgresUnavailableException(
                    "Cannot start the embedded PostgreSQL database: this process runs as root and PostgreSQL refuses to run as root, "
                    + "so initdb and pg_ctl must run as the '" + ServerOsUser + "' OS user, but `runuser -u " + ServerOsUser
                    + " -- true` failed (exit code " + probe.ExitCode.ToString(CultureInfo.InvariantCulture) + ": "
                    + string.Join(" ", probe.Lines) + "). Create that user (installing PostgreSQL with `apt-get install postgresql` does; "
                    + "or `useradd --system --home-dir /var/lib/postgresql --shell /bin/sh " + ServerOsUser + "`), run the application as a normal user, "
                    + "set ConnectionStrings__Investment to an existing database, or use `docker compose up`.");
            }

            Log.RunningAsServerUser(logger, ServerOsUser, runuser);
            return tools;
        }

        private static bool IsRoot() =>
            !OperatingSystem.IsWindows()
            && (Environment.IsPrivilegedProcess || string.Equals(Environment.UserName, "root", StringComparison.Ordinal));

        public Task<ProcessResult> RunPgAsync(string tool, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct) =>
            RunAsServerUserAsync(Path.Combine(BinDirectory, tool + ExeSuffix), args, timeout, ct);

        public Task<ProcessResult> RunAsServerUserAsync(string program, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct)
        {
            if (_runuser is null)
            {
                return RunProcessAsync(program, args, timeout, ct, BinDirectory);
            }

            return RunProcessAsync(_runuser, ["-u", ServerOsUser, "--", program, .. args], timeout, ct, BinDirectory);
        }

        public async Task ChownToServerUserAsync(string path, bool recursive, CancellationToken ct)
        {
            if (_runuser is null)
            {
                return;
            }

            string[] args = recursive ? ["-R", ServerOsUser + ":", path] : [ServerOsUser + ":", path];
            var result = await RunProcessAsync(FindOnPath("chown") ?? "/bin/chown", args, TimeSpan.FromMinutes(2), ct, "/");
            if (result.ExitCode != 0)
            {
                throw Failure("chown", result, null, 0);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information,
            Message = "Local PostgreSQL {Version} ready on 127.0.0.1:{Port}, database {Database}, data {DataDirectory} ({Mode}, {Start} start in {ElapsedMs} ms)")]
        public static partial void Ready(ILogger logger, string version, int port, string database, string dataDirectory, string mode, string start, long elapsedMs);

        [LoggerMessage(Level = LogLevel.Error, Message = "Stopping local PostgreSQL in {DataDirectory} failed")]
        public static partial void StopFailed(ILogger logger, Exception exception, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Configured PostgreSQL bin directory {BinDirectory} lacks initdb/pg_ctl/postgres; searching elsewhere")]
        public static partial void ConfiguredBinDirectoryUnusable(ILogger logger, string binDirectory);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Running as root: the {OsUser} OS user cannot reach {Requested} (a parent folder is not traversable), so the PostgreSQL cluster lives in {Fallback} instead")]
        public static partial void RootFallbackDirectory(ILogger logger, string osUser, string requested, string fallback);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot create lock file {LockFile}; starting without protection against concurrent use")]
        public static partial void NoLockFile(ILogger logger, Exception exception, string lockFile);

        [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for lock {LockFile} held by another process")]
        public static partial void WaitingForLock(ILogger logger, string lockFile);

        [LoggerMessage(Level = LogLevel.Information, Message = "Removing leftover throwaway cluster in {DataDirectory}")]
        public static partial void RemovingLeftoverThrowaway(ILogger logger, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A PostgreSQL server from an earlier run is still running in {DataDirectory}; stopping it")]
        public static partial void StoppingLeftoverServer(ILogger logger, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Information, Message = "Initialised PostgreSQL cluster in {DataDirectory} (locale {Locale}) in {ElapsedMs} ms")]
        public static partial void Initialised(ILogger logger, string dataDirectory, string locale, long elapsedMs);

        [LoggerMessage(Level = LogLevel.Warning, Message = "initdb refused locale {Locale}; retrying with locale C")]
        public static partial void LocaleRefused(ILogger logger, string locale);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port} was taken before PostgreSQL could bind it; retrying with another port")]
        public static partial void PortTaken(ILogger logger, int port);

        [LoggerMessage(Level = LogLevel.Warning, Message = "pg_ctl stop failed (exit code {ExitCode}); trying -m {Mode}")]
        public static partial void StopModeFailed(ILogger logger, int exitCode, string mode);

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "Postmaster PID {Pid} of {DataDirectory} is dead but not yet reaped (zombie); removing its stale postmaster.pid")]
        public static partial void RemovingPidFileOfDeadPostmaster(ILogger logger, int pid, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Shared memory of a crashed PostgreSQL server in {DataDirectory} is still in use; retrying in a moment")]
        public static partial void SharedMemoryStillInUse(ILogger logger, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Information, Message = "Local PostgreSQL on port {Port} stopped (data {DataDirectory})")]
        public static partial void Stopped(ILogger logger, int port, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop PostgreSQL in {DataDirectory} after a failed start")]
        public static partial void CleanupStopFailed(ILogger logger, Exception exception, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete throwaway PostgreSQL data folder {DataDirectory}")]
        public static partial void DeleteFailed(ILogger logger, Exception exception, string dataDirectory);

        [LoggerMessage(Level = LogLevel.Information, Message = "Running as root: PostgreSQL programs run as the {OsUser} OS user via {Runuser}")]
        public static partial void RunningAsServerUser(ILogger logger, string osUser, string runuser);
    }
}

/// <summary>A step of starting or stopping the local PostgreSQL cluster failed.</summary>
public class LocalPostgresException : Exception
{
    public LocalPostgresException(string message)
        : base(message)
    {
    }

    public LocalPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The local PostgreSQL cluster cannot be started on this machine (no server binaries, or running as root
/// without a usable postgres OS user). The message says what was looked for and what to do.
/// </summary>
public sealed class LocalPostgresUnavailableException : LocalPostgresException
{
    public LocalPostgresUnavailableException(string message)
        : base(message)
    {
    }
}
