namespace Investment.Domain.Regions;

/// <summary>A region retired from a month on, its sections counted in <see cref="SuccessorCode"/> from then.</summary>
public sealed record Retirement(string Code, string SuccessorCode, ReportingMonth From);

/// <summary>
/// Where a region's sections count in a period once regions are retired with successors (a county becomes a district
/// and gets a new GB/T 2260 code). From the retirement's month on, the retired region's sections count in its successor —
/// their current-year and previous-year figures alike, so year-to-date and year-on-year compare like with like — and the
/// retired region itself counts nothing; before that month nothing changes. Successions chain: a successor retired later
/// hands everything it holds on to its own successor.
/// </summary>
public sealed class RegionSuccession
{
    private readonly Dictionary<string, Retirement> _retired;

    public RegionSuccession(IEnumerable<Retirement> retirements)
    {
        ArgumentNullException.ThrowIfNull(retirements);
        _retired = retirements.ToDictionary(r => r.Code, StringComparer.Ordinal);
    }

    public static RegionSuccession None { get; } = new([]);

    /// <summary>Whether <paramref name="code"/> is retired in <paramref name="period"/> (from its retirement month on).</summary>
    public bool IsRetired(string code, ReportingMonth period) =>
        _retired.TryGetValue(code, out var r) && r.From <= period;

    /// <summary>The region whose figures hold <paramref name="code"/>'s sections in <paramref name="period"/>.</summary>
    public string EffectiveCode(string code, ReportingMonth period)
    {
        // The API refuses a successor that is retired or is the region itself, so a cycle can only come from hand-edited
        // rows; the hop limit keeps such data from hanging a roll-up.
        for (var hops = 0; hops <= _retired.Count && _retired.TryGetValue(code, out var r) && r.From <= period; hops++)
        {
            code = r.SuccessorCode;
        }
        return code;
    }

    /// <summary>
    /// The regions whose sections count in one of <paramref name="codes"/> in <paramref name="period"/>: those of them not
    /// retired by then, and every region retired into one of them.
    /// </summary>
    public IReadOnlyList<string> SourcesOf(IReadOnlyCollection<string> codes, ReportingMonth period)
    {
        var wanted = codes.ToHashSet(StringComparer.Ordinal);
        return codes.Where(c => !IsRetired(c, period))
            .Concat(_retired.Keys.Where(c => IsRetired(c, period) && wanted.Contains(EffectiveCode(c, period))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
