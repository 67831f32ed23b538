using System.IO.Compression;
using System.Text;

namespace GatedLif.Data.Download;

/// <summary>
/// Walks a .tar.gz's 512-byte headers before <see cref="System.Formats.Tar.TarReader"/> reads it, because that reader
/// takes a metadata entry (pax attributes, GNU long names) into memory at whatever size its header declares: a 2 KB
/// archive could make it allocate a gigabyte, or fail with an arithmetic overflow. Data entries are skipped unread.
/// </summary>
internal static class TarMetadataScreen
{
    /// <summary>Far above what any pax record or long name needs (CIFAR's archives have none).</summary>
    public const long MaxMetadataBytes = 1 << 20;

    private const int Block = 512;

    /// <summary>Why the archive is refused, or null when its headers are sound as far as this walk sees.</summary>
    public static string? Refusal(string archivePath)
    {
        using var file = File.OpenRead(archivePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var header = new byte[Block];
        for (long position = 0; ; position += Block)
        {
            int read = gzip.ReadAtLeast(header, Block, throwOnEndOfStream: false);
            if (read == 0 || header.All(b => b == 0))
                return null;
            if (read < Block)
                return $"it is truncated inside the tar header at byte {position}";
            if (Size(header) is not { } size)
                return $"the tar header at byte {position} has a malformed size";
            char type = (char)header[156];
            if (type is 'x' or 'g' or 'L' or 'K' && size > MaxMetadataBytes)
                return $"the tar header at byte {position} declares {size} bytes of metadata, more than the "
                    + $"{MaxMetadataBytes} any archive needs";
            long skip = (size + Block - 1) / Block * Block;
            if (Skip(gzip, skip) < skip)
                return $"it is truncated inside the entry whose header is at byte {position}";
            position += skip;
        }
    }

    /// <summary>The size field (offset 124, 12 bytes): octal digits, or base-256 when its first byte has the top bit
    /// set.</summary>
    private static long? Size(byte[] header)
    {
        var field = header.AsSpan(124, 12);
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7F;
            foreach (byte b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                    return null;
                value = value << 8 | b;
            }
            return value;
        }
        var digits = Encoding.ASCII.GetString(field).Trim(' ', '\0');
        long octal = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '7' || octal > (long.MaxValue >> 3))
                return null;
            octal = octal << 3 | (long)(c - '0');
        }
        return octal;
    }

    private static long Skip(Stream stream, long count)
    {
        var buffer = new byte[81920];
        long skipped = 0;
        while (skipped < count)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count - skipped));
            if (read == 0)
                break;
            skipped += read;
        }
        return skipped;
    }
}
