using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;

namespace GatedLif.Tests.Data.Transforms;

public sealed class CifarTrainAugmentationTests
{
    private const int Side = CifarImageFormat.Side;

    // Each plane value encodes (channel, y, x) so a wrong source pixel shows; 0 never occurs, so padding does.
    private static byte Pixel(int c, int y, int x) => (byte)(1 + (c * 97 + y * 31 + x) % 255);

    private static byte[] KnownImage()
    {
        var image = new byte[CifarImageFormat.ImageBytes];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    image[c * CifarImageFormat.PlaneBytes + y * Side + x] = Pixel(c, y, x);
                }
            }
        }

        return image;
    }

    private static byte[] Augment(params object[] script)
    {
        var output = new byte[CifarImageFormat.ImageBytes];
        new CifarTrainAugmentation(new ScriptedRandom(script)).Apply(KnownImage(), output);
        return output;
    }

    private static byte At(byte[] image, int c, int y, int x) => image[c * CifarImageFormat.PlaneBytes + y * Side + x];

    [Fact]
    public void Centred_crop_without_flip_is_the_identity()
    {
        Assert.Equal(KnownImage(), Augment(4, 4, 0.5));
    }

    [Fact]
    public void Crop_at_the_top_left_corner_shifts_the_image_into_zero_padding()
    {
        var output = Augment(0, 0, 0.9);

        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    byte expected = y < 4 || x < 4 ? (byte)0 : Pixel(c, y - 4, x - 4);
                    Assert.Equal(expected, At(output, c, y, x));
                }
            }
        }
    }

    [Fact]
    public void Flip_mirrors_the_cropped_image()
    {
        // Crop rows 8..39 and columns 4..35 of the padded image, i.e. original rows 4..35 and columns 0..31, then
        // mirror.
        var output = Augment(8, 4, 0.1);

        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    byte expected = y + 4 >= Side ? (byte)0 : Pixel(c, y + 4, Side - 1 - x);
                    Assert.Equal(expected, At(output, c, y, x));
                }
            }
        }
    }

    [Fact]
    public void Flip_and_crop_offset_combine_like_torchvision()
    {
        // Left offset 1 starts the crop at padded column 1, so crop columns 0..2 are padding; the flip moves them to
        // 29..31.
        var output = Augment(4, 1, 0.0);

        Assert.Equal([0, 0, 0], new[] { At(output, 0, 10, 29), At(output, 0, 10, 30), At(output, 0, 10, 31) });
        Assert.Equal(Pixel(0, 10, 0), At(output, 0, 10, 28));
        Assert.Equal(Pixel(0, 10, 28), At(output, 0, 10, 0));
    }

    [Fact]
    public void Draws_top_then_left_then_the_flip_test()
    {
        var random = new ScriptedRandom(2, 6, 0.7);

        new CifarTrainAugmentation(random).Apply(KnownImage(), new byte[CifarImageFormat.ImageBytes]);

        Assert.Equal(["int<9", "int<9", "double"], random.Calls);
    }
}
