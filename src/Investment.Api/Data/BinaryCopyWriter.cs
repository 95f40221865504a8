using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace Investment.Api.Data;

/// <summary>
/// Writes PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format") into
/// a buffer and streams it through Npgsql's raw COPY. Npgsql's typed importer resolves and converts every value on its
/// own, about 90 ns a field: 0.5 s of CPU for the ~200,000 rows of 28 columns a national roll-up writes, on a 2-core
/// machine as much as the database spends storing them. This writes the same bytes for a few of those nanoseconds.
/// Only the types the roll-up writes: int4, int8, text/varchar and numeric.
/// </summary>
internal sealed class BinaryCopyWriter : IAsyncDisposable
{
    // "PGCOPY\n\377\r\n\0", then the flags field and the header extension length, both 0.
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly ulong[] PowersOfTen = [1, 10, 100, 1000];

    // A row is flushed once less than this is left: more than any row of the roll-up's takes (a finding's two messages
    // of at most 1,000 characters are 6 kB of UTF-8).
    private const int Headroom = 64 * 1024;

    private readonly NpgsqlRawCopyStream _stream;
    private byte[] _buffer = new byte[1024 * 1024];
    private int _length;
    private bool _completed;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Header.CopyTo(_buffer);
        _length = Header.Length;
    }

    /// <summary>Starts a <c>copy … from stdin (format binary)</c> command on the connection.</summary>
    public static async Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string copyCommand, CancellationToken ct) =>
        new(await connection.BeginRawBinaryCopyAsync(copyCommand, ct));

    /// <summary>Starts a row of <paramref name="fields"/> values; they follow in the command's column order.</summary>
    public async ValueTask StartRowAsync(short fields, CancellationToken ct)
    {
        if (_length > _buffer.Length - Headroom)
        {
            await FlushAsync(ct);
        }
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), fields);
        _length += 2;
    }

    public void Int(int? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }
        var span = _buffer.AsSpan(_length);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], v);
        _length += 8;
    }

    public void Long(long? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }
        var span = _buffer.AsSpan(_length);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], v);
        _length += 12;
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        var needed = 4 + Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_length + needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + needed));
        }
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    /// <summary>
    /// A decimal as PostgreSQL's numeric: base-10000 digits, most significant first, the point between two of them
    /// (<c>weight</c> is the power of 10000 of the first), trailing zero digits dropped; the decimal's scale as the
    /// display scale, as Npgsql sends it.
    /// </summary>
    public void Numeric(decimal? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(v, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        // Pad the fraction to whole groups of four digits; the mantissa is at most 96 bits, so ×1000 fits in 128.
        var pad = (4 - (scale % 4)) % 4;
        var fractionGroups = (scale + pad) / 4;
        Span<short> groups = stackalloc short[12];
        var count = 0;
        var high = (uint)bits[2];
        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (high == 0 && mantissa <= ulong.MaxValue / 1000)
        {
            // Every amount and rate the roll-up writes: division by a constant the JIT turns into a multiplication.
            for (var m = mantissa * PowersOfTen[pad]; m != 0; m /= 10000)
            {
                groups[count++] = (short)(m % 10000);
            }
        }
        else
        {
            for (var m = (((UInt128)high << 64) | mantissa) * PowersOfTen[pad]; m != 0; m /= 10000)
            {
                groups[count++] = (short)(ulong)(m % 10000);
            }
        }
        var trailingZeros = 0;
        while (trailingZeros < count && groups[trailingZeros] == 0)
        {
            trailingZeros++;
        }
        var digits = count - trailingZeros;
        var weight = digits == 0 ? 0 : count - 1 - fractionGroups;

        var span = _buffer.AsSpan(_length);
        BinaryPrimitives.WriteInt32BigEndian(span, 8 + (2 * digits));
        BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(span[8..], digits != 0 && negative ? (short)0x4000 : (short)0);
        BinaryPrimitives.WriteInt16BigEndian(span[10..], (short)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(12 + (2 * i))..], groups[count - 1 - i]);
        }
        _length += 12 + (2 * digits);
    }

    /// <summary>Ends the data and the COPY: the rows are in the table (in the surrounding transaction) once this returns.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        await FlushAsync(ct);
        _completed = true;
        await _stream.DisposeAsync();
    }

    /// <summary>Cancels the COPY unless it was completed: the server then stores none of its rows.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await _stream.CancelAsync();
        }
        await _stream.DisposeAsync();
    }

    private void Null()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
        _length += 4;
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), ct);
        _length = 0;
    }
}
