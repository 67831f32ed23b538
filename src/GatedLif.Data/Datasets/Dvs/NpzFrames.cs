using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using GatedLif.Files;

namespace GatedLif.Data.Datasets.Dvs;

/// <summary>
/// Frame files as SpikingJelly writes them (<c>np.savez_compressed(path, frames=...)</c>): a deflated zip holding
/// one <c>frames.npy</c> in numpy's .npy format. Written and parsed here because the format is a 10-byte preamble
/// and a Python-literal header, and no maintained .NET package reads .npy/.npz (NumSharp, the one that does, is a
/// whole ndarray library and no longer maintained).
/// </summary>
public static partial class NpzFrames
{
    public const string EntryName = "frames.npy";
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy pads the header so the data starts at a multiple of 64 bytes.</summary>
    private const int Alignment = 64;

    /// <summary>Writes float64 frames (dtype '&lt;f8', as SpikingJelly's) atomically: a temporary file, then a
    /// rename.</summary>
    public static void Write(string path, double[] data, long[] shape)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) does not hold {data.Length} values");
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var entry = zip.CreateEntry(EntryName, CompressionLevel.Optimal);
            using var npy = entry.Open();
            npy.Write(Header("<f8", shape));
            npy.Write(MemoryMarshal.AsBytes(data.AsSpan()));
        });
    }

    /// <summary>numpy's .npy version 1.0 preamble and header for a C-ordered array.</summary>
    public static byte[] Header(string descr, long[] shape)
    {
        var dims = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (Alignment - unpadded % Alignment) % Alignment;
        var text = dict + new string(' ', padding) + "\n";
        var header = new byte[Magic.Length + 4 + text.Length];
        Magic.CopyTo(header, 0);
        header[6] = 1;
        header[7] = 0;
        BitConverter.TryWriteBytes(header.AsSpan(8, 2), (ushort)text.Length);
        Encoding.ASCII.GetBytes(text, header.AsSpan(10));
        return header;
    }

    /// <summary>Reads the <c>frames</c> array of an .npz file as float64 values with its shape.</summary>
    public static (long[] Shape, double[] Data) Read(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(EntryName)
                ?? throw new DatasetException(
                    $"frame file '{path}' has no 'frames' array (entries: "
                        + $"{string.Join(", ", zip.Entries.Select(e => e.FullName))})"
                );
            using var stream = entry.Open();
            // The size the archive claims only hints the first buffer: memory follows the bytes that inflate.
            using var bytes = new MemoryStream((int)Math.Clamp(entry.Length, 0, 1 << 20));
            stream.CopyTo(bytes);
            if (bytes.Length != entry.Length)
                throw new DatasetException(
                    $"frame file '{path}' is corrupt: frames.npy inflates to {bytes.Length} bytes, its entry records "
                        + $"{entry.Length}"
                );
            return Parse(bytes.ToArray(), path);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new DatasetException($"frame file '{path}' is corrupt or truncated: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"cannot read frame file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Parses .npy bytes (versions 1-3, little-endian float64/float32 or integer counts, C order).</summary>
    public static (long[] Shape, double[] Data) Parse(byte[] npy, string source)
    {
        if (npy.Length < 10 || !npy.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DatasetException($"'{source}': frames.npy is not in numpy's .npy format");
        int major = npy[6];
        if (major is < 1 or > 3)
            throw new DatasetException($"'{source}': frames.npy is in .npy format version {major}, not 1, 2 or 3");
        int headerStart = major == 1 ? 10 : 12;
        long headerLength =
            major == 1 ? BitConverter.ToUInt16(npy, 8)
            : npy.Length >= 12 ? BitConverter.ToUInt32(npy, 8)
            : long.MaxValue;
        if (headerLength > npy.Length - headerStart)
            throw new DatasetException($"'{source}': frames.npy is truncated in its header");
        var header = Encoding.Latin1.GetString(npy, headerStart, (int)headerLength);
        var descr = DescrPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !shapeMatch.Success)
            throw new DatasetException($"'{source}': cannot read the .npy header {header.Trim()}");
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
            throw new DatasetException($"'{source}': frames are stored in Fortran order, which is not supported");
        var shape = Shape(shapeMatch.Groups[1].Value, source);
        var body = npy.AsSpan(headerStart + (int)headerLength);
        var type = descr.Groups[1].Value;
        int itemSize = type switch
        {
            "<f8" or "<i8" => 8,
            "<f4" or "<i4" => 4,
            "|u1" or "|b1" => 1,
            _ => 0,
        };
        if (itemSize == 0)
            throw new DatasetException(
                $"'{source}': frames have dtype '{type}'; expected float64, float32 or integer counts"
            );
        // Every dimension is at least 0, so a product past the body's length stops the multiplication before it can
        // overflow.
        long count = 1;
        foreach (long d in shape)
            count = count == 0 || d <= body.Length / Math.Max(count, 1) ? count * d : long.MaxValue / itemSize;
        if (body.Length != count * itemSize)
        {
            var promised =
                count < long.MaxValue / itemSize
                    ? (count * itemSize).ToString(CultureInfo.InvariantCulture)
                    : "more than 64 bits can count";
            throw new DatasetException(
                $"'{source}': frames.npy holds {body.Length} data bytes, its header's shape "
                    + $"({string.Join(", ", shape)}) promises {promised}"
            );
        }
        var data = new double[count];
        switch (type)
        {
            case "<f8":
                MemoryMarshal.Cast<byte, double>(body).CopyTo(data);
                break;
            case "<f4":
                Widen(MemoryMarshal.Cast<byte, float>(body), data, v => v);
                break;
            case "<i8":
                Widen(MemoryMarshal.Cast<byte, long>(body), data, v => v);
                break;
            case "<i4":
                Widen(MemoryMarshal.Cast<byte, int>(body), data, v => v);
                break;
            default:
                Widen(body, data, v => v);
                break;
        }
        return (shape, data);
    }

    private static long[] Shape(string dims, string source)
    {
        var parts = dims.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new DatasetException(
                    $"'{source}': frames.npy's shape has the dimension '{parts[i]}', not a count"
                );
        }
        return shape;
    }

    private static void Widen<T>(ReadOnlySpan<T> source, double[] target, Func<T, double> convert)
    {
        for (int i = 0; i < source.Length; i++)
            target[i] = convert(source[i]);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
