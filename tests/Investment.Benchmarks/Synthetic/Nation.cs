using System.Globalization;
using Investment.Domain;

namespace Investment.Benchmarks.Synthetic;

/// <summary>
/// How big a synthetic nation to make. The defaults are national scale: 3,000 counties × 30 sections × 24 months. Seasonal:
/// actual months follow a rhythm the plans, all linear, do not state (<see cref="Nation.SeasonalFactor"/>).
/// </summary>
internal sealed record NationScale(int Counties, int SectionsPerCounty, int Months, int Year, ulong Seed, bool Seasonal = false)
{
    public const int MaxCounties = 27_000; // 31 provinces × 9 cities × 99 counties: what the 9PPCKK code layout holds

    /// <summary>The reported months, oldest first: the last <see cref="Months"/> months ending December of <see cref="Year"/>.</summary>
    public IReadOnlyList<ReportingMonth> Periods()
    {
        var last = new ReportingMonth(Year, 12);
        return Enumerable.Range(0, Months).Select(i => last.AddMonths(i - Months + 1)).ToList();
    }

    /// <summary>Years that get annual plans: every year with a reported month.</summary>
    public IReadOnlyList<int> PlanYears() => Periods().Select(p => p.Year).Distinct().Order().ToList();
}

internal sealed record RegionSpec(string Code, string Name, string Level, string? ParentCode);

internal sealed record ProjectSpec(
    long Id, string Code, string Name, string? RouteCode, string Mode, decimal TotalInvestment, string RegionCode, string[] Scopes);

/// <summary>One section with its annual plans (amounts in 0.0001 万元 units, so all arithmetic is exact integer arithmetic).</summary>
internal sealed record SectionSpec(long Id, long ProjectId, string RegionCode, string Name, decimal Apportioned, PlanSpec[] Plans, bool Lagging);

internal sealed record PlanSpec(int Year, long Units, long[]? ProfileUnits)
{
    public long MonthBase(int month) => ProfileUnits is { } profile ? profile[month - 1] : Units / 12;
}

internal sealed record TargetSpec(string RegionCode, string Scope, int Year, decimal Task);

/// <summary>One approved monthly report.</summary>
internal readonly record struct ReportSpec(
    long SectionId, int Year, int Month, decimal MonthActual, decimal PhysicalProgress, string Narrative, string? Problems,
    DateTime SubmittedAt, DateTime DecidedAt);

/// <summary>
/// A deterministic synthetic nation: 31 provinces → about 300 cities → the requested counties (codes 9PPCKK, a range the
/// real seed data never uses), each with <see cref="NationScale.SectionsPerCounty"/> sections of projects of mixed modes
/// and scopes (two per county belong to projects shared with a neighbouring county), annual plans for every reported
/// year (about a third with a monthly profile) and an approved report for every section and month. Reports are
/// produced on demand, section by section, so 2 million of them never sit in memory.
/// </summary>
internal sealed class Nation
{
    private static readonly (string Mode, int Weight)[] ModeWeights =
    [
        ("rural_road", 30), ("trunk_highway", 18), ("urban_road", 14), ("expressway", 8), ("railway", 4), ("urban_rail", 3),
        ("port", 4), ("waterway", 5), ("airport", 1), ("hub", 5), ("other", 2),
    ];

    private static readonly Dictionary<int, DateOnly> SpringFestivals = new()
    {
        [2018] = new(2018, 2, 16), [2019] = new(2019, 2, 5), [2020] = new(2020, 1, 25), [2021] = new(2021, 2, 12),
        [2022] = new(2022, 2, 1), [2023] = new(2023, 1, 22), [2024] = new(2024, 2, 10), [2025] = new(2025, 1, 29),
        [2026] = new(2026, 2, 17), [2027] = new(2027, 2, 6), [2028] = new(2028, 1, 26), [2029] = new(2029, 2, 13),
        [2030] = new(2030, 2, 3),
    };

    private static readonly string[] CrossCountyModes = ["expressway", "trunk_highway", "railway", "waterway"];

    private static readonly Dictionary<string, string> ModeNames = new(StringComparer.Ordinal)
    {
        ["rural_road"] = "农村公路", ["trunk_highway"] = "国省道", ["urban_road"] = "城市道路", ["expressway"] = "高速公路",
        ["railway"] = "铁路", ["urban_rail"] = "城际轨道", ["port"] = "港口", ["waterway"] = "航道", ["airport"] = "机场",
        ["hub"] = "综合枢纽", ["other"] = "其他",
    };

    private static readonly string[] Works = ["路基土石方", "桥梁桩基", "涵洞", "路面基层", "沥青面层", "隧道掘进", "护岸", "站房主体"];
    private static readonly string[] Units = ["米", "根", "道", "立方米", "延米"];
    private static readonly string[] Issues = ["征迁", "电力杆线迁改", "青苗补偿", "坟墓迁移", "用地报批"];

    private Nation(NationScale scale, List<RegionSpec> regions, List<ProjectSpec> projects, List<SectionSpec> sections,
        List<TargetSpec> targets)
    {
        Scale = scale;
        Regions = regions;
        Projects = projects;
        Sections = sections;
        Targets = targets;
        Periods = scale.Periods();
    }

    public NationScale Scale { get; }

    public IReadOnlyList<RegionSpec> Regions { get; }

    public IReadOnlyList<ProjectSpec> Projects { get; }

    public IReadOnlyList<SectionSpec> Sections { get; }

    public IReadOnlyList<TargetSpec> Targets { get; }

    public IReadOnlyList<ReportingMonth> Periods { get; }

    public long ReportCount => (long)Sections.Count * Periods.Count;

    public int PlanCount => Sections.Sum(s => s.Plans.Length);

    public int ScopeCount => Projects.Sum(p => p.Scopes.Length);

    public static Nation Generate(NationScale scale, long firstProjectId, long firstSectionId)
    {
        if (scale.Counties is < 1 or > NationScale.MaxCounties)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"--counties must be 1..{NationScale.MaxCounties}.");
        }
        var regions = new List<RegionSpec>();
        var cities = BuildRegionTree(scale.Counties, regions);

        var projects = new List<ProjectSpec>();
        var sections = new List<SectionSpec>();
        var targets = new List<TargetSpec>();
        var planYears = scale.PlanYears();
        var nextProject = firstProjectId;
        var nextSection = firstSectionId;

        foreach (var counties in cities)
        {
            var cross = counties.Count >= 2 && scale.SectionsPerCounty >= 3 ? 2 : 0;
            var sectionsOf = counties.ToDictionary(c => c.Code, _ => new List<SectionSpec>(), StringComparer.Ordinal);
            for (var i = 0; i < counties.Count; i++)
            {
                var county = counties[i];
                for (var n = 0; n < scale.SectionsPerCounty - cross; n++)
                {
                    var rng = Rng.For(scale.Seed, nextProject, 1);
                    var mode = PickMode(rng);
                    var plans = Plans(rng, planYears, scale.Seasonal);
                    var section = NewSection(ref nextSection, nextProject, county, county.Name + "段", plans, rng);
                    sectionsOf[county.Code].Add(section);
                    sections.Add(section);
                    projects.Add(NewProject(rng, nextProject++, mode, county, [section], $"{county.Name}{ModeNames[mode]}项目{n + 1:D2}"));
                }
            }
            if (cross > 0)
            {
                // Each county shares one project with the next county of its city (the last with the first), so every
                // county has exactly two sections of cross-county projects.
                for (var i = 0; i < counties.Count; i++)
                {
                    var (a, b) = (counties[i], counties[(i + 1) % counties.Count]);
                    var rng = Rng.For(scale.Seed, nextProject, 1);
                    var mode = rng.Pick(CrossCountyModes);
                    var pair = new List<SectionSpec>(2);
                    foreach (var county in new[] { a, b })
                    {
                        var section = NewSection(ref nextSection, nextProject, county, county.Name + "段", Plans(rng, planYears, scale.Seasonal), rng);
                        pair.Add(section);
                        sectionsOf[county.Code].Add(section);
                        sections.Add(section);
                    }
                    projects.Add(NewProject(rng, nextProject++, mode, a, pair, $"{a.Name}至{b.Name}{ModeNames[mode]}"));
                }
            }
            foreach (var county in counties)
            {
                // An assessed task for the county's effective investment, near the sum of its sections' plans.
                var rng = Rng.For(scale.Seed, long.Parse(county.Code, CultureInfo.InvariantCulture), 3);
                var planned = sectionsOf[county.Code].Sum(s => s.Plans[^1].Units);
                var task = RoundUnits((long)(planned * (0.55 + (rng.NextDouble() * 0.3))), 100);
                targets.Add(new TargetSpec(county.Code, "effective", planYears[^1], decimal.FromOACurrency(task)));
            }
        }
        return new Nation(scale, regions, projects, sections, targets);
    }

    /// <summary>The approved reports of one section, oldest month first; the same section always gives the same reports.</summary>
    public IEnumerable<ReportSpec> ReportsOf(SectionSpec section)
    {
        var rng = Rng.For(Scale.Seed, section.Id, 2);
        var progress = rng.Between(0, 4_000); // hundredths of a percent: 0–40 % done before the first month
        // Some sections run behind all year so lag statuses, rates and ranks spread out.
        var pace = section.Lagging ? 0.45 + (rng.NextDouble() * 0.3) : 0.8 + (rng.NextDouble() * 0.4);
        foreach (var period in Periods)
        {
            var plan = section.Plans.First(p => p.Year == period.Year);
            var noise = Scale.Seasonal
                ? SeasonalFactor(section.RegionCode, period) * (0.85 + (rng.NextDouble() * 0.3))
                : 0.6 + (rng.NextDouble() * 0.8);
            var actual = RoundUnits((long)(plan.MonthBase(period.Month) * pace * noise), 1);
            progress = Math.Min(10_000, progress + rng.Between(20, 450));
            var work = rng.Pick(Works);
            var narrative = string.Create(CultureInfo.InvariantCulture,
                $"本月完成{work}{rng.Between(20, 3_000)}{rng.Pick(Units)}，累计完成{work}{progress / 100}%，{(rng.Chance(0.5) ? "施工正常推进" : "加快推进中")}");
            string? problems = rng.Chance(0.15)
                ? string.Create(CultureInfo.InvariantCulture, $"{rng.Pick(Issues)}尚有{rng.Between(1, 40)}处未完成，需属地协调")
                : null;
            var submitted = new DateTime(period.Next.Year, period.Next.Month, 3, 2, 0, 0, DateTimeKind.Utc).AddMinutes(rng.Between(0, 4_000));
            yield return new ReportSpec(section.Id, period.Year, period.Month, decimal.FromOACurrency(actual),
                progress / 100m, narrative, problems, submitted, submitted.AddHours(rng.Between(2, 72)));
        }
    }

    public static string ModeName(string mode) => ModeNames.GetValueOrDefault(mode, mode);

    /// <summary>
    /// How a county's month compares with an even twelfth in the seasonal mode: a slump around the Spring Festival (which
    /// falls anywhere from late January to late February, the same date nationwide in a year, so the slump moves between
    /// the two months), a dip in the rainy season (June–July) deeper in some county-years than others, and a year-end rush
    /// of varying strength; every other month ±10% by county and year. About 12 over a year.
    /// </summary>
    public double SeasonalFactor(string county, ReportingMonth period)
    {
        // 0: the festival on 21 January … 1: on 20 February; the real dates where known, so years alternate as they do.
        var festival = SpringFestivals.TryGetValue(period.Year, out var day)
            ? (day.DayOfYear - 21) / 30.0
            : Rng.For(Scale.Seed, period.Year, 5).NextDouble();
        var rng = Rng.For(Scale.Seed, (long.Parse(county, CultureInfo.InvariantCulture) * 10_000) + period.Year, 4);
        var slump = 0.45 + (rng.NextDouble() * 0.25);
        var rain = 0.55 + (rng.NextDouble() * 0.35);
        var rush = 1.6 + (rng.NextDouble() * 0.9);
        var other = Enumerable.Range(0, 12).Select(_ => 0.9 + (rng.NextDouble() * 0.2)).ToArray();
        return period.Month switch
        {
            1 => 1 - (slump * (1 - festival)),
            2 => 1 - (slump * (0.4 + (0.6 * festival))),
            6 or 7 => rain,
            11 => 1.15 * other[10],
            12 => rush,
            _ => other[period.Month - 1] * 1.08,
        };
    }

    /// <summary>Builds provinces, cities and counties; returns each city's counties.</summary>
    private static List<List<RegionSpec>> BuildRegionTree(int countyCount, List<RegionSpec> regions)
    {
        var provinceCount = Math.Min(31, Math.Max(1, (int)Math.Ceiling(countyCount / 97.0)));
        var cityCount = Math.Min(provinceCount * 9, Math.Max(provinceCount, (int)Math.Round(countyCount / 10.75)));
        var cities = new List<List<RegionSpec>>(cityCount);
        var cityIndex = 0;
        for (var p = 0; p < provinceCount; p++)
        {
            var pp = 10 + p;
            var province = new RegionSpec(Code(pp, 0, 0), $"基准{pp}省", "province", null);
            regions.Add(province);
            var citiesHere = (cityCount / provinceCount) + (p < cityCount % provinceCount ? 1 : 0);
            for (var c = 1; c <= citiesHere; c++, cityIndex++)
            {
                var city = new RegionSpec(Code(pp, c, 0), $"基准{pp}{c}市", "city", province.Code);
                regions.Add(city);
                var countiesHere = (countyCount / cityCount) + (cityIndex < countyCount % cityCount ? 1 : 0);
                var counties = new List<RegionSpec>(countiesHere);
                for (var k = 1; k <= countiesHere; k++)
                {
                    var county = new RegionSpec(Code(pp, c, k), $"基准{pp}{c}{k:D2}县", "county", city.Code);
                    regions.Add(county);
                    counties.Add(county);
                }
                cities.Add(counties);
            }
        }
        return cities;
    }

    private static string Code(int province, int city, int county) =>
        string.Create(CultureInfo.InvariantCulture, $"9{province:D2}{city}{county:D2}");

    private static string PickMode(Rng rng)
    {
        var total = ModeWeights.Sum(m => m.Weight);
        var pick = rng.Next(total);
        foreach (var (mode, weight) in ModeWeights)
        {
            if ((pick -= weight) < 0)
            {
                return mode;
            }
        }
        return "other";
    }

    private static PlanSpec[] Plans(Rng rng, IReadOnlyList<int> years, bool linearOnly)
    {
        var plans = new PlanSpec[years.Count];
        for (var i = 0; i < years.Count; i++)
        {
            var units = RoundUnits(rng.Between(300, 30_000) * 10_000L, 100); // 300–30,000 万元, to 0.01 万元
            long[]? profile = null;
            if (!linearOnly && rng.Chance(0.35))
            {
                // Seasonal: slow in January and February (Spring Festival), the rest near even; the parts add up exactly.
                var weights = Enumerable.Range(1, 12).Select(m => (m <= 2 ? 0.4 : 0.8) + (rng.NextDouble() * 0.6)).ToArray();
                var sum = weights.Sum();
                profile = weights.Select(w => RoundUnits((long)(units * w / sum), 100)).ToArray();
                profile[11] += units - profile.Sum();
            }
            plans[i] = new PlanSpec(years[i], units, profile);
        }
        return plans;
    }

    private static SectionSpec NewSection(ref long nextSection, long projectId, RegionSpec county, string name, PlanSpec[] plans, Rng rng)
    {
        var apportioned = RoundUnits(plans.Sum(p => p.Units) * rng.Between(2, 5), 100);
        return new SectionSpec(nextSection++, projectId, county.Code, name, decimal.FromOACurrency(apportioned), plans, rng.Chance(0.12));
    }

    private static ProjectSpec NewProject(Rng rng, long id, string mode, RegionSpec county, List<SectionSpec> sections, string name)
    {
        var shares = sections.Sum(s => s.Apportioned);
        // About 1% of projects have sections adding up to more than the project's total, as real registers do.
        var total = decimal.Round(shares * (rng.Chance(0.01) ? 0.9m : 1m + (rng.Next(200) / 1000m)), 4);
        var routeCode = mode switch
        {
            "expressway" => string.Create(CultureInfo.InvariantCulture, $"G{rng.Between(1, 99)}"),
            "trunk_highway" => string.Create(CultureInfo.InvariantCulture, $"{(rng.Chance(0.4) ? 'G' : 'S')}{rng.Between(101, 399)}"),
            "rural_road" => string.Create(CultureInfo.InvariantCulture, $"X{rng.Between(1, 999):D3}"),
            _ => null,
        };
        var scopes = new List<string>(5);
        if (rng.Chance(0.97)) scopes.Add("comprehensive");
        if (rng.Chance(0.6)) scopes.Add("effective");
        if (rng.Chance(0.25)) scopes.Add("key_project");
        if (rng.Chance(0.08)) scopes.Add("major_programme");
        if (rng.Chance(mode == "rural_road" ? 0.7 : 0.04)) scopes.Add("livelihood");
        var code = string.Create(CultureInfo.InvariantCulture, $"BM{id:D7}");
        return new ProjectSpec(id, code, name, routeCode, mode, total, county.Code, [.. scopes]);
    }

    private static long RoundUnits(long units, long step) => units / step * step;
}
