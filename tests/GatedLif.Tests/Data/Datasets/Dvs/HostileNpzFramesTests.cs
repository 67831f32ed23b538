using System.Text;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;

namespace GatedLif.Tests.Data.Datasets.Dvs;

/// <summary>A frame file's .npy header is text from a stranger: its shape may be garbage, negative or overflow 64
/// bits.</summary>
public sealed class HostileNpzFramesTests
{
    private static string Fails(byte[] npy)
    {
        var error = Assert.Throws<DatasetException>(() => NpzFrames.Parse(npy, "fuzz-input.npz"));
        Assert.Contains("fuzz-input.npz", error.Message);
        return error.Message;
    }

    private static byte[] Npy(string shape, int bodyBytes)
    {
        var header = NpzFrames.Header("<f8", [1]);
        var text = Encoding.Latin1.GetString(header).Replace("(1,)", shape);
        var bytes = Encoding.Latin1.GetBytes(text);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 2), (ushort)(bytes.Length - 10));
        return [.. bytes, .. new byte[bodyBytes]];
    }

    [Theory]
    [InlineData("(4, x)", "the dimension 'x', not a count")]
    [InlineData("(-2, -4)", "the dimension '-2', not a count")]
    [InlineData("(99999999999999999999,)", "the dimension '99999999999999999999', not a count")]
    public void A_shape_that_is_not_counts_is_refused(string shape, string expected)
    {
        Assert.Contains(expected, Fails(Npy(shape, 64)));
    }

    [Fact]
    public void A_shape_whose_product_overflows_is_refused_not_wrapped()
    {
        // 2^61 * 8 bytes wraps to 0 in 64 bits, which an unchecked product would have matched with an empty body.
        Assert.Contains("promises more than 64 bits can count", Fails(Npy("(2305843009213693952,)", 0)));
    }

    [Fact]
    public void A_header_length_past_the_file_is_truncation()
    {
        var npy = Npy("(1,)", 8);
        npy[6] = 2;
        BitConverter.TryWriteBytes(npy.AsSpan(8, 4), uint.MaxValue);

        Assert.Contains("truncated in its header", Fails(npy));
    }
}
