using System.Buffers.Binary;
using System.IO.Compression;

namespace GatedLif.Data.Datasets;

/// <summary>
/// An IDX file of unsigned bytes, the format MNIST and Fashion-MNIST are distributed in: the magic number
/// <c>0x00 0x00 0x08 rank</c>, <c>rank</c> big-endian int32 dimensions, then the bytes row-major.
/// gzip-compressed files (as distributed) and plain ones (after gunzip) are both read, recognised by content.
/// </summary>
public sealed class IdxFile
{
    private const byte UnsignedByteType = 0x08;
    private static readonly byte[] GzipMagic = [0x1F, 0x8B];

    private IdxFile(string path, int[] dimensions, byte[] data)
    {
        Path = path;
        Dimensions = dimensions;
        Data = data;
    }

    public string Path { get; }

    /// <summary>The header's dimensions; the first counts the items (images or labels).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>All items back to back, as many bytes as the dimensions multiply to.</summary>
    public byte[] Data { get; }

    public int Count => Dimensions[0];

    /// <summary>
    /// Reads a whole file of <paramref name="rank"/>-dimensional unsigned bytes (3 for images, 1 for labels).
    /// Throws a <see cref="DatasetException"/> naming the file when it is missing, has another magic number,
    /// or holds fewer or more bytes than its header declares.
    /// </summary>
    public static IdxFile Read(string path, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (!File.Exists(path))
        {
            throw new DatasetException($"'{path}' not found.");
        }

        try
        {
            using var stream = OpenDecompressed(path);
            var dimensions = ReadHeader(stream, path, rank);
            return new IdxFile(path, dimensions, ReadData(stream, path, dimensions));
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"'{path}' is not a valid gzip file: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Could not read '{path}': {e.Message}", e);
        }
    }

    private static Stream OpenDecompressed(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[GzipMagic.Length];
        int read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return read == start.Length && start.SequenceEqual(GzipMagic)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
    }

    private static int[] ReadHeader(Stream stream, string path, int rank)
    {
        var header = new byte[4 + 4 * rank];
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        // The magic is checked first so that a wrong file is named as such even when it is short.
        uint expected = (uint)(UnsignedByteType << 8 | rank);
        if (read >= 4)
        {
            uint magic = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (magic != expected)
            {
                throw new DatasetException(
                    $"'{path}' is not an IDX file of {rank}-dimensional unsigned bytes: its magic number is "
                        + $"0x{magic:X8}, expected 0x{expected:X8}."
                );
            }
        }

        if (read < header.Length)
        {
            throw new DatasetException(
                $"'{path}' is truncated: its IDX header needs {header.Length} bytes but the file holds {read}."
            );
        }

        var dimensions = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i));
            if (dimensions[i] < 0)
            {
                throw new DatasetException($"'{path}': dimension {i} of its IDX header is negative ({dimensions[i]}).");
            }
        }

        return dimensions;
    }

    private static byte[] ReadData(Stream stream, string path, int[] dimensions)
    {
        // Three int32 dimensions can multiply past 64 bits; anything past what an array holds is refused either way.
        long size = dimensions.Aggregate(1L, (product, d) =>
            product == 0 || d <= Array.MaxLength / product ? product * d : Array.MaxLength + 1L
        );
        string declared = $"its header declares {string.Join(" x ", dimensions)} = {size} data bytes";
        if (size > Array.MaxLength)
        {
            throw new DatasetException(
                $"'{path}': its header declares {string.Join(" x ", dimensions)} data bytes, more "
                    + $"than one array can hold."
            );
        }

        // Read as the bytes arrive: a header alone must not make the reader reserve the 2 GB it may declare.
        using var collected = new MemoryStream((int)Math.Min(size, 1 << 20));
        var chunk = new byte[1 << 16];
        for (
            int read;
            collected.Length < size
                && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, size - collected.Length))) > 0;

        )
        {
            collected.Write(chunk, 0, read);
        }

        if (collected.Length < size)
        {
            throw new DatasetException($"'{path}' is truncated: {declared} but only {collected.Length} follow.");
        }

        var data = collected.Length == collected.Capacity ? collected.GetBuffer() : collected.ToArray();

        long extra = CountRemaining(stream);
        if (extra > 0)
        {
            throw new DatasetException($"'{path}': {declared} but {extra} more bytes follow them.");
        }

        return data;
    }

    private static long CountRemaining(Stream stream)
    {
        var buffer = new byte[81920];
        long total = 0;
        for (int read; (read = stream.Read(buffer)) > 0; )
        {
            total += read;
        }

        return total;
    }
}
