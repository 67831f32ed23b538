using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Transforms;

/// <summary>
/// Our bilinear resize against Pillow 9.4's own output (tests/fixture-generators/pillow_resize_cases.py): shrinking
/// (the antialiasing filter), enlarging, one axis at a time, and down to a single pixel, byte for byte; and JPEG
/// decoding against Pillow's.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class PillowBilinearResizeTests
{
    public static TheoryData<int, int> Sizes() =>
        new()
        {
            { 40, 25 },
            { 13, 7 },
            { 130, 80 },
            { 97, 30 },
            { 50, 61 },
            { 150, 20 },
            { 1, 1 },
        };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Resize_gives_Pillows_bytes(int width, int height)
    {
        var source = RgbImageDecoder.Load(RepoPaths.Fixture(Path.Combine("pillow-resize", "source.png")));
        var expected = RgbImageDecoder.Load(RepoPaths.Fixture(Path.Combine("pillow-resize", $"{width}x{height}.png")));

        var actual = PillowBilinearResize.Resize(source, width, height);

        Assert.Equal((width, height), (actual.Width, actual.Height));
        int differing = actual.Pixels.Zip(expected.Pixels).Count(p => p.First != p.Second);
        Assert.True(differing == 0, $"{differing} of {actual.Pixels.Length} bytes differ from Pillow");
    }

    [Fact]
    public void A_420_JPEG_decodes_to_Pillows_bytes_through_libjpeg_turbo()
    {
        Assert.True(TurboJpeg.IsAvailable, $"{TurboJpeg.Library} (Debian package libturbojpeg0) is not installed");
        var decoded = RgbImageDecoder.Load(RepoPaths.Fixture(Path.Combine("pillow-resize", "source-420.jpg")));
        var expected = RgbImageDecoder.Load(RepoPaths.Fixture(Path.Combine("pillow-resize", "source-420.jpg.png")));
        Assert.Equal(expected.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Same_size_returns_the_image_unchanged()
    {
        var image = TestImages.Random(9, 5, seed: 1);
        Assert.Same(image, PillowBilinearResize.Resize(image, 9, 5));
    }
}
