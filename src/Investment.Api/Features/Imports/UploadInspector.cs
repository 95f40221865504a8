using System.IO.Compression;
using System.Xml;
using Investment.Api.Excel;
using Investment.Api.Http;

namespace Investment.Api.Features.Imports;

/// <summary>Why an upload was refused before its rows were read: 413 for a limit, 415 for the wrong kind of file.</summary>
public sealed record UploadRefusal(int Status, string Code, string Chinese, string English)
{
    public Message Message => new(English, Chinese);
}

/// <summary>
/// Decides from the bytes alone, before any XML parser sees them, whether an upload is a plain xlsx workbook the server
/// is willing to open: sniffs the container (zip vs OLE compound file vs anything else), refuses legacy .xls,
/// encrypted and macro-enabled workbooks, and enforces the zip limits on the declared sizes and then on the bytes
/// actually inflated, entry by entry.
/// </summary>
public static class UploadInspector
{
    public const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    public const string WorkbookPart = "/xl/workbook.xml";
    private const string ContentTypesEntry = "[Content_Types].xml";
    private const long MaxContentTypesBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> ZipMagic => "PK\x03\x04"u8;

    private static ReadOnlySpan<byte> EmptyZipMagic => "PK\x05\x06"u8;

    public static UploadRefusal? Inspect(byte[] data, ImportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(limits);
        if (CompoundFile.HasMagic(data))
        {
            return CompoundRefusal(data);
        }
        if (!data.AsSpan().StartsWith(ZipMagic) && !data.AsSpan().StartsWith(EmptyZipMagic))
        {
            return NotXlsx(Describe(data));
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(data, writable: false), ZipArchiveMode.Read);
            return ZipRefusal(zip, limits);
        }
        catch (InvalidDataException)
        {
            return NotXlsx("（压缩包已损坏）", " (the zip container is damaged)");
        }
    }

    private static UploadRefusal CompoundRefusal(byte[] data)
    {
        var names = CompoundFile.EntryNames(data);
        if (names is not null && names.Any(n => n is "EncryptedPackage" or "EncryptionInfo"))
        {
            return new UploadRefusal(StatusCodes.Status415UnsupportedMediaType, ImportCodes.Encrypted,
                "文件已加密（设置了打开密码），服务器无法读取。请在 Excel 中取消密码保护后重新上传。",
                "The workbook is encrypted (password-protected) and cannot be read. Remove the password in Excel and upload it again.");
        }
        if (names is null || names.Any(n => n is "Workbook" or "Book"))
        {
            // An unreadable directory is still an OLE file, and a .xls is by far the likeliest one to be uploaded here.
            return new UploadRefusal(StatusCodes.Status415UnsupportedMediaType, ImportCodes.LegacyXls,
                "文件是旧版 Excel 97-2003 工作簿（.xls）或其他 OLE 复合文档，不是 .xlsx。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后重新上传。",
                "The file is a legacy Excel 97-2003 workbook (.xls) or another OLE compound document, not .xlsx. Save it as an Excel Workbook (.xlsx) and upload it again.");
        }
        return NotXlsx("（OLE 复合文档，如旧版 Word 文件）", " (an OLE compound document such as a legacy Word file)");
    }

    private static UploadRefusal? ZipRefusal(ZipArchive zip, ImportLimits limits)
    {
        var entries = zip.Entries;
        if (entries.Count > limits.MaxEntries)
        {
            return new UploadRefusal(StatusCodes.Status413PayloadTooLarge, ImportCodes.TooManyEntries,
                $"文件包含 {entries.Count} 个压缩条目，超过 {limits.MaxEntries} 个的上限，已拒绝。",
                $"The file holds {entries.Count} zip entries, more than the limit of {limits.MaxEntries}; refused.");
        }

        // First the sizes the archive declares: refuses an honest bomb without inflating a byte.
        long declared = 0;
        foreach (var entry in entries)
        {
            declared += entry.Length;
            if (declared > limits.MaxExpandedBytes)
            {
                return ExpandsTooMuch(limits);
            }
            if (RatioRefusal(entry.FullName, entry.Length, entry.CompressedLength, limits) is { } ratio)
            {
                return ratio;
            }
        }

        var contentTypes = entries.FirstOrDefault(e => string.Equals(e.FullName, ContentTypesEntry, StringComparison.OrdinalIgnoreCase));
        if (contentTypes is null)
        {
            var hint = entries.Any(e => e.FullName == "mimetype") ? ("（OpenDocument 表格，如 .ods）", " (an OpenDocument file such as .ods)")
                : ("（普通压缩包）", " (a plain zip archive)");
            return NotXlsx(hint.Item1, hint.Item2);
        }
        var (defaults, overrides) = ReadContentTypes(contentTypes);
        if (defaults.Values.Concat(overrides.Values).Any(t => t.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)
                                                              || t.Contains("vbaProject", StringComparison.OrdinalIgnoreCase))
            || entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
        {
            return new UploadRefusal(StatusCodes.Status415UnsupportedMediaType, ImportCodes.MacroEnabled,
                "文件是启用宏的工作簿（.xlsm，含 VBA 宏），出于安全原因不予接收。请另存为 Excel 工作簿（.xlsx）后重新上传。",
                "Macro-enabled workbooks (.xlsm, containing VBA) are refused for security reasons. Save it as an Excel Workbook (.xlsx) and upload it again.");
        }
        var hasWorkbook = entries.Any(e => string.Equals("/" + e.FullName, WorkbookPart, StringComparison.OrdinalIgnoreCase));
        // A part's content type is its Override, else the Default for its extension (the SDK itself writes the latter).
        var workbookType = overrides.TryGetValue(WorkbookPart, out var overridden) ? overridden : defaults.GetValueOrDefault("xml");
        if (!hasWorkbook || workbookType != WorkbookContentType)
        {
            var word = overrides.Keys.Any(k => k.StartsWith("/word/", StringComparison.OrdinalIgnoreCase));
            return word ? NotXlsx("（Word 文档）", " (a Word document)") : NotXlsx("（不含 .xlsx 工作簿主体）", " (no .xlsx workbook part)");
        }

        // Then the bytes actually inflated: declared sizes are written by whoever made the file.
        var buffer = new byte[81920];
        long total = 0;
        foreach (var entry in entries)
        {
            long inflated = 0;
            using var stream = entry.Open();
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                inflated += read;
                total += read;
                if (total > limits.MaxExpandedBytes)
                {
                    return ExpandsTooMuch(limits);
                }
                if (RatioRefusal(entry.FullName, inflated, entry.CompressedLength, limits) is { } ratio)
                {
                    return ratio;
                }
            }
        }
        return null;
    }

    private static UploadRefusal? RatioRefusal(string name, long length, long compressed, ImportLimits limits) =>
        length > limits.RatioFloorBytes && length > (long)limits.MaxCompressionRatio * Math.Max(compressed, 1)
            ? new UploadRefusal(StatusCodes.Status413PayloadTooLarge, ImportCodes.CompressionRatio,
                $"文件中的条目“{name}”压缩比超过 {limits.MaxCompressionRatio}:1（疑似压缩炸弹），已拒绝。",
                $"The zip entry '{name}' expands more than {limits.MaxCompressionRatio}:1 (a zip bomb?); refused.")
            : null;

    private static UploadRefusal ExpandsTooMuch(ImportLimits limits) =>
        new(StatusCodes.Status413PayloadTooLarge, ImportCodes.ExpandsTooMuch,
            $"文件解压后超过 {ImportLimits.Readable(limits.MaxExpandedBytes)} 的上限（疑似压缩炸弹），已拒绝。",
            $"The workbook expands beyond the {ImportLimits.Readable(limits.MaxExpandedBytes)} limit once unzipped (a zip bomb?); refused.");

    private static UploadRefusal NotXlsx((string Chinese, string English) hint) => NotXlsx(hint.Chinese, hint.English);

    private static UploadRefusal NotXlsx(string chineseHint, string englishHint) =>
        new(StatusCodes.Status415UnsupportedMediaType, ImportCodes.NotXlsx,
            $"文件不是 Excel 工作簿（.xlsx）{chineseHint}。请下载填报模板，填写后上传。",
            $"The file is not an Excel workbook (.xlsx){englishHint}. Download the template, fill it in and upload it.");

    /// <summary>A hint at what was uploaded instead, from its first bytes.</summary>
    private static (string, string) Describe(byte[] data)
    {
        var span = data.AsSpan();
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47];
        ReadOnlySpan<byte> jpeg = [0xFF, 0xD8, 0xFF];
        ReadOnlySpan<byte> gzip = [0x1F, 0x8B];
        if (span.StartsWith(png) || span.StartsWith(jpeg) || span.StartsWith("GIF8"u8))
        {
            return ("（图片文件）", " (an image)");
        }
        if (span.StartsWith("%PDF"u8))
        {
            return ("（PDF 文件）", " (a PDF)");
        }
        if (span.StartsWith("Rar!"u8) || span.StartsWith(gzip) || span.StartsWith("7z"u8))
        {
            return ("（其他格式的压缩包）", " (another kind of archive)");
        }
        var head = span[..Math.Min(span.Length, 512)];
        if (head.IndexOfAnyInRange((byte)0, (byte)8) < 0)
        {
            return ("（文本文件，如 CSV 或 HTML）", " (a text file such as CSV or HTML)");
        }
        return ("", "");
    }

    private static (Dictionary<string, string> Defaults, Dictionary<string, string> Overrides) ReadContentTypes(ZipArchiveEntry entry)
    {
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxContentTypesBytes,
            IgnoreComments = true,
        };
        try
        {
            using var stream = entry.Open();
            using var reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                var type = reader.GetAttribute("ContentType");
                if (type is null)
                {
                    continue;
                }
                if (reader.LocalName == "Default" && reader.GetAttribute("Extension") is { } extension)
                {
                    defaults[extension] = type;
                }
                else if (reader.LocalName == "Override" && reader.GetAttribute("PartName") is { } part)
                {
                    overrides[part] = type;
                }
            }
        }
        catch (XmlException)
        {
            // A broken [Content_Types].xml names no workbook part, which is refused as "not an xlsx" just after.
        }
        return (defaults, overrides);
    }
}
