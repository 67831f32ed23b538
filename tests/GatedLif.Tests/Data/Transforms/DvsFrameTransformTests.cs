using GatedLif.Data.Transforms;
using static TorchSharp.torch;

namespace GatedLif.Tests.Data.Transforms;

public sealed class DvsFrameTransformTests
{
    [Fact]
    public void Resize_is_bilinear_without_corner_alignment()
    {
        // 3x3 → 2x2: output pixel j samples the source at (j + 0.5) * 1.5 - 0.5 = 0.25 or 1.75.
        double[] v = [1, 4, 9, 16, 25, 36, 49, 64, 81];
        using var input = tensor(v, [1, 1, 3, 3], float64);
        using var output = DvsFrameTransform.Resize(input, 2);
        Assert.Equal([1L, 1, 2, 2], output.shape);
        double Pixel(int r, int c) => v[r * 3 + c];
        // (0.25, 1.75): rows 0/1 weighted 0.75/0.25, columns 1/2 weighted 0.25/0.75.
        double expected =
            0.75 * (0.25 * Pixel(0, 1) + 0.75 * Pixel(0, 2)) + 0.25 * (0.25 * Pixel(1, 1) + 0.75 * Pixel(1, 2));
        Assert.Equal(expected, output[0, 0, 0, 1].item<double>(), 12);
        double corner =
            0.75 * (0.75 * Pixel(0, 0) + 0.25 * Pixel(0, 1)) + 0.25 * (0.75 * Pixel(1, 0) + 0.25 * Pixel(1, 1));
        Assert.Equal(corner, output[0, 0, 0, 0].item<double>(), 12);
    }

    [Fact]
    public void Random_crop_pads_with_zeros_and_keeps_the_size()
    {
        using var input = arange(1, 19, float64).reshape(2, 1, 3, 3);
        var transform = new DvsFrameTransform(null, cropPadding: 1);
        using var cropped = transform.Apply(input, (0, 2));
        Assert.Equal(ScalarType.Float32, cropped.dtype);
        Assert.Equal([2L, 1, 3, 3], cropped.shape);
        // Offset (top 0, left 2) of the 5x5 padded frame: row 0 is padding, column 2 holds source column 2.
        Assert.Equal(0f, cropped[0, 0, 0, 1].item<float>());
        Assert.Equal(2f, cropped[0, 0, 1, 0].item<float>());
        Assert.Equal(3f, cropped[0, 0, 1, 1].item<float>());
        Assert.Equal(0f, cropped[0, 0, 1, 2].item<float>());
        Assert.Equal(11f, cropped[1, 0, 1, 0].item<float>()); // every frame takes the same offset
    }
}
