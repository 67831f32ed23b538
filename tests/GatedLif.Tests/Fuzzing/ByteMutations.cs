using System.Buffers.Binary;

namespace GatedLif.Tests.Fuzzing;

/// <summary>
/// Mutations that know nothing of a format: truncation, bit flips, extreme bytes, huge or negative 32- and 64-bit
/// numbers in either byte order (where lengths, counts, sizes and offsets live), and cut, repeated or inserted slices.
/// </summary>
internal static class ByteMutations
{
    private static readonly uint[] Extreme32 =
    [
        0,
        1,
        0x7FFFFFFF,
        0x80000000,
        0xFFFFFFFF,
        0xFFFFFFFE,
        0x40000000,
        0x10000,
        0xFFFF,
    ];

    private static readonly ulong[] Extreme64 =
    [
        0,
        1UL << 34,
        1UL << 40,
        0x7FFFFFFFFFFFFFFF,
        0x8000000000000000,
        ulong.MaxValue,
        1UL << 62,
    ];

    /// <summary>One to three mutations of <paramref name="seed"/> (never the seed itself).</summary>
    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed;
        int count = random.Next(1, 4);
        for (int i = 0; i < count; i++)
            bytes = Once(bytes, random);
        return bytes;
    }

    private static byte[] Once(byte[] input, Random random)
    {
        if (input.Length == 0)
            return [(byte)random.Next(256)];
        var bytes = (byte[])input.Clone();
        int at = random.Next(bytes.Length);
        switch (random.Next(9))
        {
            case 0:
                return bytes[..at];
            case 1:
                for (int flips = random.Next(1, 9); flips > 0; flips--)
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 2:
                bytes[at] = (byte)(
                    random.Next(4) switch
                    {
                        0 => 0x00,
                        1 => 0xFF,
                        2 => 0x7F,
                        _ => 0x80,
                    }
                );
                return bytes;
            case 3 when bytes.Length - at >= 4:
                WriteInteger(
                    bytes.AsSpan(at, 4),
                    Extreme32[random.Next(Extreme32.Length)],
                    bigEndian: random.Next(2) != 0
                );
                return bytes;
            case 4 when bytes.Length - at >= 8:
                WriteInteger(
                    bytes.AsSpan(at, 8),
                    Extreme64[random.Next(Extreme64.Length)],
                    bigEndian: random.Next(2) != 0
                );
                return bytes;
            case 5:
                int cut = random.Next(1, Math.Min(256, bytes.Length - at) + 1);
                return [.. bytes[..at], .. bytes[(at + cut)..]];
            case 6:
                int length = random.Next(1, Math.Min(256, bytes.Length - at) + 1);
                var slice = bytes.AsSpan(at, length).ToArray();
                int repeats = random.Next(1, 16);
                return [.. bytes[..at], .. Enumerable.Repeat(slice, repeats).SelectMany(s => s), .. bytes[at..]];
            case 7:
                var noise = new byte[random.Next(1, 64)];
                random.NextBytes(noise);
                return [.. bytes[..at], .. noise, .. bytes[at..]];
            default:
                // A digit string where text formats keep numbers (JSON, npy headers, tar's octal sizes).
                var digits = System.Text.Encoding.ASCII.GetBytes(
                    random.Next(3) switch
                    {
                        0 => "99999999999999999999",
                        1 => "-1",
                        _ => "1e400",
                    }
                );
                digits.AsSpan(0, Math.Min(digits.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
                return bytes;
        }
    }

    /// <summary>An extreme count or size over the 4 or 8 bytes of <paramref name="target"/>, in either byte
    /// order.</summary>
    private static void WriteInteger(Span<byte> target, ulong value, bool bigEndian)
    {
        if (target.Length == 4)
        {
            if (bigEndian)
                BinaryPrimitives.WriteUInt32BigEndian(target, (uint)value);
            else
                BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)value);
        }
        else if (bigEndian)
            BinaryPrimitives.WriteUInt64BigEndian(target, value);
        else
            BinaryPrimitives.WriteUInt64LittleEndian(target, value);
    }
}
