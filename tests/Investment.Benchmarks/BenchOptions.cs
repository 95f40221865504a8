using System.Globalization;
using Investment.Benchmarks.Synthetic;

namespace Investment.Benchmarks;

/// <summary>Command-line options; see <see cref="Usage"/>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Investment benchmark harness: times the roll-up, the Excel exports and the dashboard under load against raw baselines
        measured in the same run.

        dotnet run -c Release --project tests/Investment.Benchmarks -- [options]

          --counties N         synthetic counties (default 3000: national scale, ~90,000 sections, ~2.16 million reports)
          --sections N         sections per county (default 30)
          --months N           reported months ending December of --year (default 24: the previous and the current year)
          --year Y             the current year (default 2025)
          --seed N             generator seed (default 20251231); the same seed gives the same data
          --seasonal           three years of history before --year (--months defaults to 48) whose actual months follow a
                               seasonal rhythm (Spring Festival slump, rainy-season dip, year-end rush) that the plans,
                               all linear, do not state; for the forecast back-test
          --connection CS      use this PostgreSQL database (migrated here) instead of a private throwaway cluster
          --data-dir DIR       keep the private cluster in DIR (persistent) so a later run can --skip-generate
          --skip-generate      reuse the data already in the database (with --connection or --data-dir)
          --detail-rows N      rows of the large project-detail export (default 200000)
          --runs N             timed runs per measurement after one warm-up; the median is reported (default 3)
          --rollup-month N     the month of the data's last year the roll-up, endpoint and dashboard parts use (default 12)
          --dashboard-seconds N
                               timed seconds of the dashboard load and of its SQL baseline, each after a 10 s warm-up (default 30)
          --dashboard-users N
                               virtual leaders opening the dashboard, and SQL workers of its baseline (default 50)
          --list-rows N,N,…    rows of the land-issue list written by ClosedXML and by the streaming writer, part "lists"
                               (default 1000,5000,20000,50000)
          --only LIST          comma-separated parts to run: rollup, jobs, exports, memory, imports, endpoint, dashboard, lists,
                               forecast (default: all; forecast back-tests the year-end forecast on the generated
                               counties and on seed-data/ and seed-data-demo/, no database needed)
          --help               this text
        """;

    public NationScale Scale { get; init; } = new(3_000, 30, 24, 2025, 20251231);

    public string? Connection { get; init; }

    public string? DataDirectory { get; init; }

    public bool SkipGenerate { get; init; }

    public int DetailRows { get; init; } = 200_000;

    public int Runs { get; init; } = 3;

    /// <summary>December by default, where the year-end forecast is the year to date itself; 1–11 time the forecast too.</summary>
    public int RollupMonth { get; init; } = 12;

    public IReadOnlyList<int> ListRows { get; init; } = [1_000, 5_000, 20_000, 50_000];

    /// <summary>Set in the child process that writes one list with one writer (see <see cref="Exports.ListThreshold"/>).</summary>
    public string? MeasureList { get; init; }

    public int DashboardSeconds { get; init; } = 30;

    public int DashboardUsers { get; init; } = 50;

    public IReadOnlySet<string> Parts { get; init; } = AllParts;

    /// <summary>Set in the child process that measures the peak memory of one export (see <see cref="MemoryProbe"/>).</summary>
    public string? MeasureExportMemory { get; init; }

    public bool Help { get; init; }

    public static readonly IReadOnlySet<string> AllParts = new HashSet<string>(["rollup", "jobs", "exports", "memory", "imports", "endpoint", "dashboard", "lists", "forecast"], StringComparer.Ordinal);

    public bool Includes(string part) => Parts.Contains(part);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var scale = options.Scale;
        var monthsGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{arg} needs a whole number ≥ {min}.");
            switch (arg)
            {
                case "--counties": scale = scale with { Counties = Number(1) }; break;
                case "--sections": scale = scale with { SectionsPerCounty = Number(1) }; break;
                case "--months": scale = scale with { Months = Number(1) }; monthsGiven = true; break;
                case "--seasonal": scale = scale with { Seasonal = true }; break;
                case "--year": scale = scale with { Year = Number(1991) }; break;
                case "--seed": scale = scale with { Seed = (ulong)Number(0) }; break;
                case "--connection": options = options with { Connection = Value() }; break;
                case "--data-dir": options = options with { DataDirectory = Value() }; break;
                case "--skip-generate": options = options with { SkipGenerate = true }; break;
                case "--detail-rows": options = options with { DetailRows = Number(1) }; break;
                case "--runs": options = options with { Runs = Number(1) }; break;
                case "--rollup-month": options = options with { RollupMonth = Number(1) }; break;
                case "--list-rows":
                    options = options with
                    {
                        ListRows = Value().Split(',').Select(n => int.TryParse(n, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var v) && v > 0
                            ? v : throw new ArgumentException("--list-rows takes whole numbers > 0, comma-separated.")).ToList(),
                    };
                    break;
                case "--measure-list": options = options with { MeasureList = Value() }; break;
                case "--dashboard-seconds": options = options with { DashboardSeconds = Number(1) }; break;
                case "--dashboard-users": options = options with { DashboardUsers = Number(1) }; break;
                case "--only":
                    var parts = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    if (parts.Count == 0 || !parts.IsSubsetOf(AllParts))
                    {
                        throw new ArgumentException($"--only takes some of: {string.Join(", ", AllParts)}.");
                    }
                    options = options with { Parts = parts };
                    break;
                case "--measure-export-memory": options = options with { MeasureExportMemory = Value() }; break;
                case "--help" or "-h": options = options with { Help = true }; break;
                default: throw new ArgumentException($"Unknown option {arg}.");
            }
        }
        if (scale.Seasonal && !monthsGiven)
        {
            scale = scale with { Months = 48 };
        }
        if (options.RollupMonth > 12)
        {
            throw new ArgumentException("--rollup-month takes a month, 1 to 12.");
        }
        if (scale.Counties > NationScale.MaxCounties)
        {
            throw new ArgumentException($"--counties must be at most {NationScale.MaxCounties}.");
        }
        if (options.SkipGenerate && options.Connection is null && options.DataDirectory is null)
        {
            throw new ArgumentException("--skip-generate needs --connection or --data-dir: a throwaway cluster starts empty.");
        }
        return options with { Scale = scale };
    }
}
