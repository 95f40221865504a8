using System.Buffers.Binary;
using System.Text;

namespace Investment.Api.Excel;

/// <summary>
/// Just enough of the OLE compound file format (MS-CFB) to name the streams at the top of one: a password-protected
/// xlsx is such a file holding "EncryptionInfo" and "EncryptedPackage" (MS-OFFCRYPTO), a legacy .xls one holding
/// "Workbook" (or "Book"). Reads the header's FAT sectors (enough for any file within the upload limit) and follows
/// the directory chain; every offset is bounds-checked, and anything malformed gives null rather than an exception.
/// </summary>
public static class CompoundFile
{
    public static readonly byte[] Magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint MaxRegularSector = 0xFFFFFFFA;
    private const int HeaderDifatEntries = 109;

    public static bool HasMagic(ReadOnlySpan<byte> data) => data.Length >= Magic.Length && data[..Magic.Length].SequenceEqual(Magic);

    /// <summary>The names of the directory entries (storages and streams), or null when the directory cannot be read.</summary>
    public static IReadOnlyList<string>? EntryNames(ReadOnlySpan<byte> data)
    {
        if (!HasMagic(data) || data.Length < 512)
        {
            return null;
        }
        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(data[0x1E..]);
        if (sectorShift is not (9 or 12))
        {
            return null;
        }
        var sectorSize = 1 << sectorShift;
        var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(data[0x2C..]);
        var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(data[0x30..]);

        // The FAT: the sectors listed in the header's DIFAT (109 entries cover several MB, more than any upload allowed).
        var fat = new List<uint>();
        for (var i = 0; i < Math.Min(fatSectorCount, HeaderDifatEntries); i++)
        {
            var fatSector = BinaryPrimitives.ReadUInt32LittleEndian(data[(0x4C + (i * 4))..]);
            var bytes = fatSector > MaxRegularSector ? default : Sector(data, fatSector, sectorSize);
            if (bytes.IsEmpty)
            {
                break;
            }
            for (var j = 0; j + 4 <= bytes.Length; j += 4)
            {
                fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(bytes[j..]));
            }
        }

        var names = new List<string>();
        var sector = firstDirectorySector;
        var visited = 0;
        var maxSectors = data.Length / sectorSize;
        while (sector <= MaxRegularSector && visited++ <= maxSectors)
        {
            var bytes = Sector(data, sector, sectorSize);
            if (bytes.IsEmpty)
            {
                return null;
            }
            for (var offset = 0; offset + 128 <= bytes.Length; offset += 128)
            {
                var entry = bytes.Slice(offset, 128);
                var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
                var objectType = entry[0x42];
                if (objectType == 0 || nameBytes is < 2 or > 64)
                {
                    continue;
                }
                names.Add(Encoding.Unicode.GetString(entry[..(nameBytes - 2)]));
            }
            sector = sector < fat.Count ? fat[(int)sector] : EndOfChain;
        }
        return names;
    }

    private static ReadOnlySpan<byte> Sector(ReadOnlySpan<byte> data, uint sector, int sectorSize)
    {
        var start = ((long)sector + 1) * sectorSize;
        return start + sectorSize <= data.Length ? data.Slice((int)start, sectorSize) : default;
    }
}
