using System.Buffers.Binary;
using System.Text;

namespace GatedLif.Tests.Data.Datasets.Dvs;

/// <summary>Writes AER-DAT 2.0 event files as the CIFAR10-DVS recordings are laid out.</summary>
internal static class AedatFixture
{
    public const string Header =
        "#!AER-DAT2.0\r\n# This is a raw AE data file - do not edit\r\n# Data format is int32 address, int32 "
        + "timestamp (8 bytes total), repeated for each event\r\n";

    /// <summary>The address word of an event with sensor coordinates (x0, y0) and polarity bit p0.</summary>
    public static uint Address(int x0, int y0, int p0, uint otherBits = 0) =>
        otherBits << 15 | (uint)y0 << 8 | (uint)x0 << 1 | (uint)p0;

    public static byte[] Bytes(IEnumerable<(uint Address, uint Time)> events, string header = Header)
    {
        var list = events.ToList();
        var head = Encoding.ASCII.GetBytes(header);
        var bytes = new byte[head.Length + 8 * list.Count];
        head.CopyTo(bytes, 0);
        for (int i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(head.Length + 8 * i), list[i].Address);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(head.Length + 8 * i + 4), list[i].Time);
        }
        return bytes;
    }

    /// <summary>A small random recording: 20..199 events at random pixels and polarities, rising timestamps.</summary>
    public static List<(uint Address, uint Time)> RandomEvents(Random random)
    {
        int n = random.Next(20, 200);
        uint t = (uint)random.Next(1000);
        return Enumerable
            .Range(0, n)
            .Select(_ => (Address(random.Next(128), random.Next(128), random.Next(2)), t += (uint)random.Next(50)))
            .ToList();
    }

    /// <summary>A class-folder data set of small random recordings: classes × files.</summary>
    public static void WriteDataSet(string root, string[] classes, int filesPerClass, int seed)
    {
        var random = new Random(seed);
        foreach (var c in classes)
        {
            Directory.CreateDirectory(Path.Combine(root, c));
            for (int k = 0; k < filesPerClass; k++)
                File.WriteAllBytes(Path.Combine(root, c, $"cifar10_{c}_{k}.aedat"), Bytes(RandomEvents(random)));
        }
    }
}
