using System.Buffers.Binary;
using System.IO.Compression;
using Investment.Api.Excel;
using Investment.Api.Features.Imports;
using Microsoft.Extensions.Configuration;

namespace Investment.Api.Tests.Features.Imports;

/// <summary>The byte-level checks alone, without HTTP or a database.</summary>
public sealed class UploadInspectorTests
{
    private static readonly ImportLimits Limits = ImportLimits.From(new ConfigurationBuilder().Build());

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        Assert.Equal((5L * 1024 * 1024, 5000, 50L * 1024 * 1024, 100), (Limits.MaxBytes, Limits.MaxRows, Limits.MaxExpandedBytes, Limits.MaxCompressionRatio));
        var configured = ImportLimits.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Imports:MaxBytes"] = "1024", ["Imports:MaxRows"] = "10" }).Build());
        Assert.Equal((1024L, 10), (configured.MaxBytes, configured.MaxRows));
    }

    [Fact]
    public void AZipWhoseHeadersUnderstateTheSize_IsNeverInflatedBeyondWhatItDeclares()
    {
        // An entry of 60 MB of zeros whose local and central headers claim 1,000 bytes. The limits are checked on the
        // declared sizes and on the bytes actually read; the zip reader stops at the declared size, so the 60 MB are
        // never produced, by the inspection or by the SDK reading the same archive afterwards.
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteEntry(zip, "[Content_Types].xml", System.Text.Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + $"<Override PartName=\"/xl/workbook.xml\" ContentType=\"{UploadInspector.WorkbookContentType}\"/></Types>"));
            WriteEntry(zip, "xl/workbook.xml", "<workbook/>"u8.ToArray());
            using var bomb = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 60; i++)
            {
                bomb.Write(zeros);
            }
        }
        var bytes = stream.ToArray();
        Assert.Equal(2, Understate(bytes, "xl/worksheets/sheet1.xml", 1000));

        var refusal = UploadInspector.Inspect(bytes, Limits);
        if (refusal is not null)
        {
            Assert.Contains(refusal.Code, new[] { ImportCodes.ExpandsTooMuch, ImportCodes.CompressionRatio, ImportCodes.NotXlsx });
        }
        using var reread = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        long inflated = 0;
        try
        {
            using var entry = reread.GetEntry("xl/worksheets/sheet1.xml")!.Open();
            var buffer = new byte[81920];
            int read;
            while ((read = entry.Read(buffer)) > 0)
            {
                inflated += read;
            }
        }
        catch (InvalidDataException)
        {
            // Refusing to read on is as good as stopping.
        }
        Assert.True(inflated <= 1000, $"{inflated} bytes inflated from an entry declaring 1000");
    }

    [Fact]
    public void CompoundFileDirectory_IsRead()
    {
        Assert.Equal(["Root Entry", "EncryptionInfo", "EncryptedPackage"], CompoundFile.EntryNames(ImportFiles.CompoundFile("EncryptionInfo", "EncryptedPackage")));
        Assert.Null(CompoundFile.EntryNames([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]));
        Assert.Null(CompoundFile.EntryNames("PK\x03\x04"u8.ToArray()));
    }

    [Theory]
    [InlineData("120.05000000000001", "120.05")]
    [InlineData("10.300000000000001", "10.3")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("1234.5678", "1234.5678")]
    [InlineData("-52.25", "-52.25")]
    [InlineData("0", "0")]
    public void ExcelPrecision_DropsBinaryNoiseBeyond15SignificantDigits(string stored, string expected)
    {
        var value = decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MonthlyReportUpload.ExcelPrecision(value));
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] content)
    {
        using var target = zip.CreateEntry(name).Open();
        target.Write(content);
    }

    /// <summary>Rewrites the uncompressed size of <paramref name="name"/> in its local header and central directory record.</summary>
    private static int Understate(byte[] zip, string name, uint size)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var patched = 0;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }
        return patched;
    }
}
