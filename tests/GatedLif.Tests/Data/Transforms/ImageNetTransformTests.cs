using GatedLif.Data;
using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Transforms;

/// <summary>Output sizes, torchvision's rounding and corner cases of the ImageNet transforms.</summary>
public sealed class ImageNetTransformTests
{
    [Theory]
    [InlineData(300, 200, 384, 256)]
    [InlineData(200, 300, 256, 384)]
    [InlineData(257, 1000, 256, 996)]
    [InlineData(1, 1, 256, 256)]
    [InlineData(1000, 10, 25600, 256)]
    public void Resize_sets_the_short_side_to_256_and_truncates_the_long_side(
        int w,
        int h,
        int expectedW,
        int expectedH
    )
    {
        var resized = ShortSideResize.Apply(TestImages.Random(w, h, seed: 3), 256);
        Assert.Equal((expectedW, expectedH), (resized.Width, resized.Height));
    }

    [Fact]
    public void An_image_256_on_its_short_side_is_cropped_exactly_from_its_own_pixels()
    {
        var image = TestImages.Random(256, 301, seed: 5);
        var planes = new float[3 * 224 * 224];

        new ImageNetEvalTransform().Apply(image, AugmentationDraws.None, planes);

        // Resize leaves it alone; CenterCrop starts at int(round(77 / 2.0)) = 38 (halves round to even) and 16 across.
        Assert.Same(image, ShortSideResize.Apply(image, 256));
        for (int c = 0; c < 3; c++)
            foreach (var (y, x) in new[] { (0, 0), (223, 223), (100, 7), (0, 223) })
                Assert.Equal(
                    PixelNormalization.ImageNet.Normalize(c, image[x + 16, y + 38, c]),
                    planes[c * 224 * 224 + y * 224 + x]
                );
    }

    [Theory]
    [InlineData(225, 0)]
    [InlineData(227, 2)]
    [InlineData(229, 2)]
    public void CenterCrop_rounds_half_offsets_to_even(int height, int expectedTop)
    {
        var image = TestImages.Random(224, height, seed: 2);
        var cropped = CenterCrop.Apply(image, 224);
        Assert.Equal(image.Pixels.AsSpan(expectedTop * 224 * 3, 224 * 224 * 3).ToArray(), cropped.Pixels);
    }

    [Fact]
    public void CenterCrop_pads_a_small_image_with_zeros()
    {
        var image = TestImages.Random(2, 3, seed: 1);
        var cropped = CenterCrop.Apply(image, 4);
        Assert.Equal((4, 4), (cropped.Width, cropped.Height));
        Assert.Equal(0, cropped[0, 0, 0]);
        Assert.Equal(image[0, 0, 1], cropped[1, 0, 1]);
        Assert.Equal(image[1, 2, 2], cropped[2, 2, 2]);
        Assert.Equal(0, cropped[3, 3, 0]);
    }

    [Fact]
    public void RandomResizedCrop_draws_scale_ratio_top_left_as_torchvision()
    {
        // area 400*300; scale draw 0.5 → fraction 0.6; log-ratio draw 0.5 → ratio exp(0) = 1: w = h =
        // round(sqrt(72000)) = 268.
        var random = new ScriptedRandom(0.5, 0.5, 10, 20);
        var window = new RandomResizedCrop(224).Window(400, 300, random);
        Assert.Equal((20, 10, 268, 268), window);
        Assert.Equal(["double", "double", "int<33", "int<133"], random.Calls);
    }

    [Theory]
    [InlineData(1000, 10, 493, 0, 13, 10)]
    [InlineData(10, 1000, 0, 493, 10, 13)]
    [InlineData(5, 1, 2, 0, 1, 1)]
    public void RandomResizedCrop_falls_back_to_a_centred_crop_when_ten_tries_miss(
        int w,
        int h,
        int left,
        int top,
        int cw,
        int ch
    )
    {
        // Draws that ask for the whole area at the extreme ratio 4/3 miss on every image here.
        var script = Enumerable.Range(0, 10).SelectMany(_ => new object[] { 0.999999, 0.999999 }).ToArray();
        var window = new RandomResizedCrop(224).Window(w, h, new ScriptedRandom(script));
        Assert.Equal((left, top, cw, ch), window);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3000, 2)]
    [InlineData(500, 375)]
    public void Train_transform_gives_224_square_planes_from_any_image(int w, int h)
    {
        var planes = new float[3 * 224 * 224];
        var transform = new ImageNetTrainTransform();
        transform.Apply(TestImages.Random(w, h, seed: 4), transform.Draw(w, h, new TorchRandomSource(9)), planes);
        Assert.All(planes, v => Assert.InRange(v, -2.2f, 2.7f));
    }

    [Fact]
    public void Flip_mirrors_each_row()
    {
        var image = TestImages.Random(3, 2, seed: 8);
        var flipped = image.FlipHorizontally();
        Assert.Equal(image[0, 1, 2], flipped[2, 1, 2]);
        Assert.Equal(image[1, 0, 0], flipped[1, 0, 0]);
    }
}
