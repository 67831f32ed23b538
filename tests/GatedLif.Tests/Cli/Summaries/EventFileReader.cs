using System.Buffers.Binary;
using Google.Protobuf;

namespace GatedLif.Tests.Cli.Summaries;

/// <summary>
/// Reads a TensorBoard event file the way TensorBoard does: TFRecord framing (uint64 little-endian length, masked
/// CRC-32C of those 8 bytes, the data, masked CRC-32C of the data), each record an <c>Event</c> protobuf. The few
/// fields are decoded with Google.Protobuf's wire reader, not with TorchSharp's generated classes that wrote them.
/// </summary>
internal static class EventFileReader
{
    public static List<TensorBoardEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<TensorBoardEvent>();
        int at = 0;
        while (at < bytes.Length)
        {
            Assert.True(at + 12 <= bytes.Length, $"{path}: truncated record header at byte {at}");
            var lengthBytes = bytes.AsSpan(at, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            Assert.True(
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)) == Crc32C.Masked(lengthBytes),
                $"{path}: wrong length CRC at byte {at}"
            );
            Assert.True(at + 12 + (long)length + 4 <= bytes.Length, $"{path}: truncated record at byte {at}");
            var data = bytes.AsSpan(at + 12, (int)length);
            Assert.True(
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length, 4)) == Crc32C.Masked(data),
                $"{path}: wrong data CRC at byte {at}"
            );
            events.Add(ParseEvent(data.ToArray()));
            at += 12 + (int)length + 4;
        }
        return events;
    }

    private static TensorBoardEvent ParseEvent(byte[] data)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        var values = new List<SummaryValue>();
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    wallTime = input.ReadDouble();
                    break;
                case 2:
                    step = input.ReadInt64();
                    break;
                case 3:
                    fileVersion = input.ReadString();
                    break;
                case 5:
                    values.AddRange(ParseSummary(input.ReadBytes().ToByteArray()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return new TensorBoardEvent(wallTime, step, fileVersion, values);
    }

    private static IEnumerable<SummaryValue> ParseSummary(byte[] data)
    {
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
                yield return ParseValue(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
    }

    private static SummaryValue ParseValue(byte[] data)
    {
        string name = "";
        float? simple = null;
        Histogram? histogram = null;
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    name = input.ReadString();
                    break;
                case 2:
                    simple = input.ReadFloat();
                    break;
                case 5:
                    histogram = ParseHistogram(input.ReadBytes().ToByteArray());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return new SummaryValue(name, simple, histogram);
    }

    private static Histogram ParseHistogram(byte[] data)
    {
        var scalars = new double[6];
        var limits = new List<double>();
        var buckets = new List<double>();
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            if (field is >= 1 and <= 5)
                scalars[field] = input.ReadDouble();
            else if (field is 6 or 7)
                ReadDoubles(input, tag, field == 6 ? limits : buckets);
            else
                input.SkipLastField();
        }
        return new Histogram(scalars[1], scalars[2], scalars[3], scalars[4], scalars[5], limits, buckets);
    }

    /// <summary>A repeated double, packed (one length-delimited run) or not.</summary>
    private static void ReadDoubles(CodedInputStream input, uint tag, List<double> into)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            into.Add(input.ReadDouble());
            return;
        }
        var packed = input.ReadBytes().ToByteArray();
        for (int i = 0; i < packed.Length; i += 8)
            into.Add(BinaryPrimitives.ReadDoubleLittleEndian(packed.AsSpan(i, 8)));
    }
}
