using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Investment.Api.Data;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// Hashes of what a roll-up writes (0018), so a rerun tells whether anything changed without reading the period back:
/// each row's 64-bit fingerprint is stored in the row, and 128-bit hashes of all rows and of all findings in the run.
/// Decimals hash by their bits, scale included: 1.50 and 1.5 differ here, which only ever costs rewriting a row whose
/// value did not change, never keeping one that did.
/// </summary>
internal static class RollupFingerprint
{
    [ThreadStatic]
    private static byte[]? t_rowBuffer;

    /// <summary>Every column of the row, key included.</summary>
    public static long Of(RollupRow r)
    {
        // A buffer per thread, reused: a stackalloc'd one would be zeroed for each of 200,000 rows.
        var hash = new Writer(t_rowBuffer ??= new byte[1024]);
        hash.Int(r.Year);
        hash.Int(r.Month);
        hash.Text(r.RegionCode);
        hash.Text(r.ModeCategory);
        hash.Text(r.Mode);
        hash.Text(r.Scope);
        hash.Text(r.RegionLevel);
        hash.Text(r.ParentCode);
        hash.Int(r.SectionCount);
        hash.Decimal(r.Plan);
        hash.Decimal(r.PlannedToDate);
        hash.Decimal(r.MonthActual);
        hash.Decimal(r.YtdActual);
        hash.Decimal(r.PreviousYtd);
        hash.Decimal(r.Task);
        hash.Decimal(r.YoyGrowth);
        hash.Decimal(r.CompletionRate);
        hash.Decimal(r.TimeElapsedProgress);
        hash.Decimal(r.Lag);
        hash.Text(r.LagStatus);
        hash.Int(r.RankByYtd);
        hash.Int(r.RankByCompletion);
        hash.Int(r.RankByYoy);
        hash.Decimal(r.YearEndForecast);
        hash.Decimal(r.ForecastLow);
        hash.Decimal(r.ForecastHigh);
        hash.Text(r.ForecastBasis);
        return (long)XxHash3.HashToUInt64(hash.Written);
    }

    /// <summary>The period's rows by their fingerprints, in the order given (the roll-up's own, which is deterministic).</summary>
    public static byte[] OfRows(IReadOnlyList<RollupRow> rows)
    {
        var hash = new XxHash128();
        Span<byte> buffer = stackalloc byte[8];
        foreach (var row in rows)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, row.Fingerprint ?? 0);
            hash.Append(buffer);
        }
        return hash.GetCurrentHash();
    }

    /// <summary>The period's findings, in their stored order.</summary>
    public static byte[] OfFindings(IReadOnlyList<DataQualityFinding> findings)
    {
        var hash = new XxHash128();
        Span<byte> buffer = stackalloc byte[256];
        foreach (var f in findings)
        {
            var row = new Writer(buffer);
            row.Int(f.Year);
            row.Int(f.Month);
            row.Text(f.Kind);
            row.Text(f.RegionCode);
            row.Long(f.ProjectId);
            row.Long(f.SectionId);
            hash.Append(row.Written);
            // Messages run to hundreds of characters: appended as they are rather than copied into the buffer.
            hash.Append(MemoryMarshal.AsBytes(f.Message.AsSpan()));
            hash.Append(MemoryMarshal.AsBytes((f.MessageZh ?? "\0").AsSpan()));
        }
        return hash.GetCurrentHash();
    }

    /// <summary>Lays values out unambiguously: a presence byte before each nullable, a length before each text.</summary>
    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public void Int(int? value)
        {
            Present(value.HasValue);
            if (value is { } v)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_buffer[_length..], v);
                _length += 4;
            }
        }

        public void Long(long? value)
        {
            Present(value.HasValue);
            if (value is { } v)
            {
                BinaryPrimitives.WriteInt64LittleEndian(_buffer[_length..], v);
                _length += 8;
            }
        }

        public void Decimal(decimal? value)
        {
            Present(value.HasValue);
            if (value is { } v)
            {
                Span<int> bits = stackalloc int[4];
                decimal.GetBits(v, bits);
                MemoryMarshal.AsBytes(bits).CopyTo(_buffer[_length..]);
                _length += 16;
            }
        }

        public void Text(string? value)
        {
            Present(value is not null);
            if (value is not null)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_buffer[_length..], value.Length);
                _length += 4;
                var bytes = MemoryMarshal.AsBytes(value.AsSpan());
                bytes.CopyTo(_buffer[_length..]);
                _length += bytes.Length;
            }
        }

        private void Present(bool present) => _buffer[_length++] = present ? (byte)1 : (byte)0;
    }
}
