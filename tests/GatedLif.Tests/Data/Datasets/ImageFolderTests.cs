using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>torchvision's ImageFolder rules and Pillow's convert('RGB') on a folder the test writes.</summary>
public sealed class ImageFolderTests
{
    [Fact]
    public void Classes_are_sorted_and_only_image_extensions_in_any_case_are_kept()
    {
        using var root = new TempFolder();
        TestImages.Write(root.File("b_dog", "2.png"), 4, 3, 1);
        TestImages.Write(root.File("b_dog", "1.jpg"), 4, 3, 2);
        TestImages.Write(root.File("b_dog", "LOUD.PNG"), 4, 3, 3);
        File.WriteAllText(root.File("b_dog", "notes.txt"), "not an image");
        File.WriteAllText(root.File("b_dog", "png"), "no extension");
        TestImages.Write(root.File("a_cat", "x.jpeg"), 4, 3, 4);
        TestImages.Write(root.File("a_cat", "nested", "y.Png"), 4, 3, 5);
        TestImages.Write(root.File("C_upper", "z.png"), 4, 3, 6);
        File.WriteAllText(root.File("loose.png"), "files at the top level are not samples");

        var folder = ImageFolder.Open(root.Path);

        Assert.Equal(["C_upper", "a_cat", "b_dog"], folder.Classes);
        var relative = folder.Samples.Select(s => (Path.GetRelativePath(root.Path, s.Path), s.ClassIndex)).ToList();
        Assert.Equal(
            [
                (Path.Combine("C_upper", "z.png"), 0),
                (Path.Combine("a_cat", "x.jpeg"), 1),
                (Path.Combine("a_cat", "nested", "y.Png"), 1),
                (Path.Combine("b_dog", "1.jpg"), 2),
                (Path.Combine("b_dog", "2.png"), 2),
                (Path.Combine("b_dog", "LOUD.PNG"), 2),
            ],
            relative
        );
    }

    [Fact]
    public void A_class_without_images_or_a_missing_folder_is_an_error_naming_it()
    {
        using var root = new TempFolder();
        TestImages.Write(root.File("full", "a.png"), 2, 2, 1);
        File.WriteAllText(root.File("empty", "readme.txt"), "");

        var e = Assert.Throws<DatasetException>(() => ImageFolder.Open(root.Path));
        Assert.Contains("'empty'", e.Message);
        var missing = Path.Combine(root.Path, "nowhere");
        Assert.Contains(missing, Assert.Throws<DatasetException>(() => ImageFolder.Open(missing)).Message);
    }

    [Fact]
    public void Greyscale_is_copied_to_RGB_and_alpha_is_dropped_not_composited()
    {
        using var root = new TempFolder();
        var greyPath = root.File("grey.png");
        using (var grey = new Image<L8>(3, 2))
        {
            grey[0, 0] = new L8(10);
            grey[2, 1] = new L8(200);
            grey.Save(greyPath);
        }
        var rgbaPath = root.File("alpha.png");
        using (var rgba = new Image<Rgba32>(2, 1))
        {
            rgba[0, 0] = new Rgba32(200, 100, 50, 0);
            rgba[1, 0] = new Rgba32(1, 2, 3, 128);
            rgba.Save(rgbaPath);
        }

        var g = RgbImageDecoder.Load(greyPath);
        Assert.Equal([10, 10, 10], new[] { g[0, 0, 0], g[0, 0, 1], g[0, 0, 2] });
        Assert.Equal([200, 200, 200], new[] { g[2, 1, 0], g[2, 1, 1], g[2, 1, 2] });
        var a = RgbImageDecoder.Load(rgbaPath);
        Assert.Equal(new byte[] { 200, 100, 50, 1, 2, 3 }, a.Pixels);
    }

    [Fact]
    public void A_JPEG_with_a_libjpeg_warning_decodes_as_in_Pillow_but_a_truncated_one_is_an_error()
    {
        using var root = new TempFolder();
        var good = root.File("good.jpg");
        TestImages.Write(good, 40, 24, seed: 3);
        var jpeg = File.ReadAllBytes(good);
        var junk = root.File("junk.jpg");
        File.WriteAllBytes(junk, [.. jpeg[..^2], 0x00, 0x11, 0x22, .. jpeg[^2..]]);
        var truncated = root.File("truncated.jpg");
        File.WriteAllBytes(truncated, jpeg[..(jpeg.Length / 2)]);

        Assert.Equal(RgbImageDecoder.Load(good).Pixels, RgbImageDecoder.Load(junk).Pixels);
        Assert.Contains(truncated, Assert.Throws<DatasetException>(() => RgbImageDecoder.Load(truncated)).Message);
    }

    [Fact]
    public void A_corrupt_JPEG_is_an_error_naming_the_file()
    {
        using var root = new TempFolder();
        var path = root.File("bad.jpg");
        File.WriteAllBytes(
            path,
            [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3, 4, 5, 6]
        );

        var e = Assert.Throws<DatasetException>(() => RgbImageDecoder.Load(path));
        Assert.Contains(path, e.Message);
    }
}
