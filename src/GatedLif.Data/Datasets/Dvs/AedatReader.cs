using System.Buffers.Binary;
using System.Text;

namespace GatedLif.Data.Datasets.Dvs;

/// <summary>
/// Reads CIFAR10-DVS event files (AER-DAT 2.0) as SpikingJelly 0.0.0.0.10 does: text header lines starting with
/// '#', then big-endian uint32 pairs (address, timestamp). The address decodes to x0 = (a &amp; 0xFE) &gt;&gt; 1,
/// y0 = (a &amp; 0x7F00) &gt;&gt; 8, p0 = a &amp; 1, and the event is x = 127 - y0, y = 127 - x0, p = 1 - p0.
/// </summary>
public static class AedatReader
{
    public const int Resolution = 128;

    public static DvsEvents Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"cannot read event file '{path}': {e.Message}", e);
        }
        return Decode(bytes, path);
    }

    /// <summary>Decodes the bytes of an event file; <paramref name="source"/> is named in errors.</summary>
    public static DvsEvents Decode(ReadOnlySpan<byte> bytes, string source)
    {
        var body = bytes[EventsStart(bytes, source)..];
        int n = body.Length / 8;
        var events = new DvsEvents(new uint[n], new int[n], new int[n], new int[n]);
        for (int i = 0; i < n; i++)
        {
            uint address = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(8 * i, 4));
            events.T[i] = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(8 * i + 4, 4));
            var (x, y, p) = DecodeAddress(address);
            events.X[i] = x;
            events.Y[i] = y;
            events.P[i] = p;
        }
        return events;
    }

    /// <summary>
    /// Checks that bytes hold an event file <see cref="Decode"/> accepts (an AER-DAT header, then one or more whole
    /// (address, timestamp) pairs) without decoding the events; <paramref name="source"/> is named in errors.
    /// </summary>
    public static void Check(ReadOnlySpan<byte> bytes, string source) => EventsStart(bytes, source);

    /// <summary>Where the events begin, after checking the header and that the rest is whole, non-empty
    /// pairs.</summary>
    private static int EventsStart(ReadOnlySpan<byte> bytes, string source)
    {
        int start = HeaderLength(bytes, source);
        int length = bytes.Length - start;
        if (length % 8 != 0)
            throw new DatasetException(
                $"event file '{source}' is truncated: {length} bytes after the header, not a whole number of "
                    + $"(address, timestamp) pairs"
            );
        if (length == 0)
            throw new DatasetException($"event file '{source}' holds no events");
        return start;
    }

    /// <summary>The reference's decoding of one address word, with its flips.</summary>
    public static (int X, int Y, int P) DecodeAddress(uint address)
    {
        int x0 = (int)((address & 0xFE) >> 1);
        int y0 = (int)((address & 0x7F00) >> 8);
        int p0 = (int)(address & 1);
        return (Resolution - 1 - y0, Resolution - 1 - x0, 1 - p0);
    }

    /// <summary>
    /// Bytes taken by the header: SpikingJelly's <c>skip_header</c> reads line by line while the line, decoded as
    /// UTF-8 and stripped of white space, starts with '#'. A file without any such line has no header.
    /// </summary>
    private static int HeaderLength(ReadOnlySpan<byte> bytes, string source)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int position = 0;
        while (position < bytes.Length)
        {
            int newline = bytes[position..].IndexOf((byte)'\n');
            int end = newline < 0 ? bytes.Length : position + newline + 1;
            string text;
            try
            {
                text = strict.GetString(bytes[position..end]);
            }
            catch (DecoderFallbackException)
            {
                break;
            }
            var stripped = text.Trim(PythonWhiteSpace);
            if (stripped.Length == 0 || stripped[0] != '#')
                break;
            position = end;
        }
        if (position == 0)
            throw new DatasetException(
                $"event file '{source}' has no AER-DAT header ('#' lines); is it an .aedat file?"
            );
        return position;
    }

    // str.strip() removes what str.isspace() accepts; in the range a decoded header line can hold that is
    // ASCII white space plus the separators 0x1C-0x1F.
    private static readonly char[] PythonWhiteSpace =
    [
        ' ',
        '\t',
        '\n',
        '\r',
        '\v',
        '\f',
        '\x1c',
        '\x1d',
        '\x1e',
        '\x1f',
        '\x85',
        '\xa0',
    ];
}
