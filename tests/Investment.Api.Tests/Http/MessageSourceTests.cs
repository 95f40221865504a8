using System.Text.RegularExpressions;

namespace Investment.Api.Tests.Http;

/// <summary>
/// Every message the API writes is a <c>Message</c> (Http/Message.cs: English and Chinese, picked by Accept-Language).
/// The problem helpers only take one, so most slips do not compile; this scan catches the ways around them: a bare
/// string handed to FluentValidation, to a problem's title or detail, to a field error or to a hand-made
/// ProblemDetails, and a "Chinese" text that holds no Chinese. MessageLanguageTests checks the answers themselves.
/// </summary>
public sealed partial class MessageSourceTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot(), "src", "Investment.Api");

    /// <summary>The plumbing itself, where a string becomes a problem once it has been picked.</summary>
    private static readonly string[] Plumbing =
    [
        Path.Combine("Http", "Message.cs"),
        Path.Combine("Http", "Problems.cs"),
        // Builds its 400 from ImportErrors whose messages were picked when raised (ImportError.File/Cell take a Message).
        Path.Combine("Features", "Imports", "ImportErrors.cs"),
    ];

    private static readonly (string Rule, Regex Pattern)[] Rules =
    [
        ("FluentValidation messages go through .Says(Message), picked when the rule fails", WithMessage()),
        ("problems are made by Problems.* from Messages", TypedProblem()),
        ("a problem's title or detail is a Message's text, not a literal", LiteralTitleOrDetail()),
        ("a field error is a Message, not a string array", LiteralFieldError()),
        ("a validation failure added by hand is a Message's text", LiteralFailure()),
        ("a health check's description is a Message's text", LiteralHealth()),
    ];

    [Fact]
    public void EveryMessage_IsWrittenAsAMessage_NotAsABareString()
    {
        var offences = new List<string>();
        foreach (var (file, text) in SourceFiles().Where(f => !Plumbing.Contains(f.File)))
        {
            foreach (var (rule, pattern) in Rules)
            {
                offences.AddRange(pattern.Matches(text).Select(m => $"{file}:{LineOf(text, m.Index)}: {rule}: {m.Value.Trim()}"));
            }
        }
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void EveryMessageLiteral_HasEnglishFirstAndChineseSecond()
    {
        var offences = new List<string>();
        var literals = 0;
        foreach (var (file, text) in SourceFiles())
        {
            foreach (Match m in MessageLiteral().Matches(text))
            {
                var (en, zh) = (m.Groups["en"].Value, m.Groups["zh"].Value);
                if (!en.Contains(' ', StringComparison.Ordinal) && !Chinese().IsMatch(en + zh))
                {
                    continue; // two identifiers, such as a job key ("monthly-rollup", "recurring"): not a message
                }
                literals++;
                if (!Chinese().IsMatch(zh) || Chinese().IsMatch(Units().Replace(Holes().Replace(en, ""), "")))
                {
                    offences.Add($"{file}:{LineOf(text, m.Index)}: {m.Value}");
                }
            }
        }
        Assert.True(offences.Count == 0, "Message(English, Chinese) with the languages missing or swapped:\n" + string.Join("\n", offences));
        // The scan found the messages at all (it would pass on an empty folder).
        Assert.True(literals > 250, $"Only {literals} Message literals found under {Source}.");
    }

    private static IEnumerable<(string File, string Text)> SourceFiles() =>
        Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(Source, f), File.ReadAllText(f)));

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investment.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Investment.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\.WithMessage\(")]
    private static partial Regex WithMessage();

    [GeneratedRegex(@"TypedResults\.(Validation)?Problem\(")]
    private static partial Regex TypedProblem();

    [GeneratedRegex(@"(?<!Info\.)\b(Title|Detail|title|detail)\s*[:=]\s*\$?@?""")]
    private static partial Regex LiteralTitleOrDetail();

    [GeneratedRegex(@"\]\s*=\s*\[\s*\$?@?""")]
    private static partial Regex LiteralFieldError();

    [GeneratedRegex(@"AddFailure\(\s*\$?@?""")]
    private static partial Regex LiteralFailure();

    [GeneratedRegex(@"HealthCheckResult\.\w+\(\s*\$?@?""")]
    private static partial Regex LiteralHealth();

    // new Message("…", "…") or a target-typed new("…", "…"), each part an optionally interpolated literal or a
    // concatenation of them; only two-literal calls are Messages here (a SheetColumn has more arguments).
    [GeneratedRegex(@"new(?:\s+Message)?\(\s*(?<en>\$?""(?:[^""\\\n]|\\.)*""(?:\s*\+\s*\$?""(?:[^""\\\n]|\\.)*"")*)\s*,\s*(?<zh>\$?""(?:[^""\\\n]|\\.)*""(?:\s*\+\s*\$?""(?:[^""\\\n]|\\.)*"")*)\s*\)")]
    private static partial Regex MessageLiteral();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    // Interpolation holes may name Chinese things (a sheet's name, a column header) inside an English sentence.
    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Holes();

    [GeneratedRegex("万元|亿元")]
    private static partial Regex Units();
}
