using System.Globalization;

namespace Investment.Benchmarks;

/// <summary>The closing table: one line per measurement, with its target and OK / MISSED.</summary>
internal sealed class ResultTable
{
    private readonly List<string[]> _lines = [];

    public int Missed { get; private set; }

    /// <summary>A time against a baseline measured in the same run; <paramref name="maxRatio"/> is the target (ours ÷ baseline).</summary>
    public void Ratio(string what, TimeSpan ours, string baselineName, TimeSpan baseline, double maxRatio, string targetText)
    {
        var ratio = ours.TotalMilliseconds / baseline.TotalMilliseconds;
        var ok = ratio <= maxRatio;
        Add([what + ":", Time(ours), baselineName + ":", Time(baseline), "ratio " + ratio.ToString("F2", CultureInfo.InvariantCulture),
            "(target " + targetText + ")", Verdict(ok)]);
    }

    public void Value(string what, string value, bool ok, string targetText) =>
        Add([what + ":", value, "", "", "", "(target " + targetText + ")", Verdict(ok)]);

    public void Info(string what, string value) => Add([what + ":", value, "", "", "", "", ""]);

    public void Print(TextWriter output)
    {
        var widths = Enumerable.Range(0, 7).Select(c => _lines.Max(l => Width(l[c]))).ToArray();
        foreach (var line in _lines)
        {
            var text = string.Concat(line.Select((cell, c) => cell + new string(' ', widths[c] - Width(cell) + 2)));
            output.WriteLine(text.TrimEnd());
        }
    }

    public static string Time(TimeSpan t) => t.TotalSeconds >= 1
        ? t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s"
        : t.TotalMilliseconds.ToString(t.TotalMilliseconds >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) + " ms";

    private string Verdict(bool ok)
    {
        if (!ok)
        {
            Missed++;
        }
        return ok ? "OK" : "MISSED";
    }

    private void Add(string[] line, bool missed = false)
    {
        if (missed)
        {
            Missed++;
        }
        _lines.Add(line);
    }

    // CJK characters take two columns in a terminal.
    private static int Width(string s) => s.Sum(ch => ch >= '\u1100' && (ch <= '\u115f' || (ch >= '\u2e80' && ch <= '\ua4cf') ||
        (ch >= '\uac00' && ch <= '\ud7a3') || (ch >= '\uf900' && ch <= '\ufaff') || (ch >= '\uff00' && ch <= '\uff60')) ? 2 : 1);
}
