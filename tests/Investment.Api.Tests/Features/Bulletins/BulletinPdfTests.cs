using System.Diagnostics;
using Investment.Api.Data;

namespace Investment.Api.Tests.Features.Bulletins;

/// <summary>
/// A test that needs LibreOffice: skipped, saying why, only when soffice is not on PATH (as test.sh skips its Calc
/// check); .ci/run installs Writer and poppler-utils.
/// </summary>
public sealed class SofficeFactAttribute : FactAttribute
{
    public SofficeFactAttribute()
    {
        if (Tool.Find("soffice") is null)
        {
            Skip = "LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui poppler-utils (.ci/run installs them).";
        }
    }
}

internal static class Tool
{
    public static string? Find(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, name))
        .FirstOrDefault(File.Exists);

    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return await output;
    }
}

/// <summary>
/// The bulletin's .docx opens in LibreOffice Writer and prints: converted to PDF, its text (pdftotext) holds the title,
/// the headings and the seed document's figures. The files stay in test-output/bulletin/ for a look at the pages.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BulletinPdfTests(DemoApiFixture api) : IClassFixture<DemoApiFixture>
{
    [SofficeFact]
    public async Task Zhuji2023_12_Docx_ConvertsToAPdfThatReadsAsTheBulletin()
    {
        var folder = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "test-output", "bulletin");
        Directory.CreateDirectory(folder);
        var docx = Path.Combine(folder, "bulletin-330681-2023-12.docx");
        var response = await api.Client.GetAsync("/api/v1/bulletins/330681/2023-12?format=docx");
        response.EnsureSuccessStatusCode();
        await File.WriteAllBytesAsync(docx, await response.Content.ReadAsByteArrayAsync());
        var profile = Directory.CreateTempSubdirectory("lo-profile-");
        try
        {
            // A throwaway profile: no clash with a desktop session or a parallel run, and it works as root.
            await Tool.RunAsync("soffice", $"-env:UserInstallation=file://{profile.FullName}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", folder, docx);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
        var pdf = Path.ChangeExtension(docx, ".pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");

        // pdftotext joins lines and drops a hyphen ending one ("1-" / "12月" reads "112月"), so hyphens are compared out.
        var text = string.Concat((await Tool.RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-")).Where(c => !char.IsWhiteSpace(c) && c != '-'));
        static string Flat(string s) => s.Replace("-", "", StringComparison.Ordinal);

        Assert.Contains("诸暨市2023年12月交通投资月度通报", text, StringComparison.Ordinal);
        Assert.Contains("诸暨市交通运输局", text, StringComparison.Ordinal);
        Assert.Contains("一、投资完成情况", text, StringComparison.Ordinal);
        Assert.Contains(Flat("年度计划投资61.5亿元，1-12月完成63.7亿元，完成年度计划103.6%"), text, StringComparison.Ordinal);
        Assert.Contains("完成年度任务的154.3%", text, StringComparison.Ordinal);
        Assert.Contains("同比增长69.9%", text, StringComparison.Ordinal);
        Assert.Contains(Flat("1-9月排名第二，10月起排名第一"), text, StringComparison.Ordinal);
        Assert.Contains("政策处理问题200个，共处置完毕问题193个", text, StringComparison.Ordinal);
        Assert.Contains("—1—", text, StringComparison.Ordinal);
    }
}
