namespace GatedLif.Tests.Cli.Summaries;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), written here so that the check of TorchSharp's event files
/// does not rest on TorchSharp's own CRC code; .NET's System.IO.Hashing has CRC-32 (IEEE) but not this polynomial.
/// </summary>
internal static class Crc32C
{
    private static readonly uint[] Table = Enumerable
        .Range(0, 256)
        .Select(n =>
        {
            uint c = (uint)n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            return c;
        })
        .ToArray();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>TFRecord's masked CRC: rotated right by 15 bits plus a constant.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }
}
