using System.Buffers.Binary;
using GatedLif.Files;
using Google.Protobuf;

namespace GatedLif.Cli.Summaries;

/// <summary>
/// Works around a TorchSharp 0.107 SummaryWriter defect: the <c>file_version</c> event that opens each event file
/// carries <c>DateTime.Now.Ticks</c> (100 ns since year 1) as its wall time instead of seconds since 1970, which
/// TensorBoard takes as the run's start time. Replaces that record, the only one in a new file, with the same event
/// stamped in seconds, framed as TFRecord (length, masked CRC-32C of it, data, masked CRC-32C of the data).
/// </summary>
public static class FileVersionRecord
{
    public static void Rewrite(string eventFile)
    {
        var evnt = new Tensorboard.Event
        {
            FileVersion = "brain.Event:2",
            WallTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        };
        var data = evnt.ToByteArray();
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)data.Length);
        AtomicFile.Write(eventFile, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(length);
            writer.Write(MaskedCrc(length));
            writer.Write(data);
            writer.Write(MaskedCrc(data));
        });
    }

    private static uint MaskedCrc(byte[] bytes)
    {
        uint crc = TorchSharp.Utils.CRC32C.process(bytes);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }
}
