using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets.FashionMnist;

/// <summary>
/// Every way the distributed Fashion-MNIST files can be wrong gives one <see cref="DatasetException"/> naming the file,
/// before anything is written.
/// </summary>
public sealed class FashionMnistSourceErrorTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private string Source => Path.Combine(root.Path, "fashion-mnist");

    private string DatasetPath => Path.Combine(root.Path, "data");

    private string TestImages => Path.Combine(Source, "t10k-images-idx3-ubyte.gz");

    private string TestLabels => Path.Combine(Source, "t10k-labels-idx1-ubyte.gz");

    /// <summary>A valid source of 5 training and 3 test images, whose test images file the test then
    /// replaces.</summary>
    private void WriteSourceWithTestImages(byte[] header, byte[] data, bool gzip = true)
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);
        File.Delete(TestImages);
        FashionMnistFixtures.WriteIdx(gzip ? TestImages : Path.ChangeExtension(TestImages, null), header, data, gzip);
    }

    private string ConvertFails()
    {
        var error = Assert.Throws<DatasetException>(() => FashionMnistToCifar.Convert(Source, DatasetPath));
        Assert.False(Directory.Exists(DatasetPath), "nothing is written when the source is bad");
        return error.Message;
    }

    [Fact]
    public void Missing_source_folder_points_at_the_Debian_package()
    {
        Assert.Equal(
            $"Fashion-MNIST folder '{Source}' does not exist; on Debian, 'apt-get install dataset-fashion-mnist' "
                + "puts it in /usr/share/datasets/fashion-mnist.",
            ConvertFails()
        );
    }

    [Fact]
    public void Missing_file_is_named_with_its_gunzipped_alternative()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);
        File.Delete(TestLabels);

        Assert.Equal(
            $"Fashion-MNIST file '{TestLabels}' not found (nor an uncompressed "
                + $"'{Path.ChangeExtension(TestLabels, null)}').",
            ConvertFails()
        );
    }

    [Fact]
    public void Labels_file_in_place_of_images_has_the_wrong_magic_number()
    {
        WriteSourceWithTestImages(
            FashionMnistFixtures.Header(FashionMnistFixtures.LabelsMagic, 3),
            FashionMnistFixtures.Labels(3)
        );

        Assert.Equal(
            $"'{TestImages}' is not an IDX file of 3-dimensional unsigned bytes: its magic number is 0x00000801, "
                + $"expected 0x00000803.",
            ConvertFails()
        );
    }

    [Fact]
    public void Images_stored_as_another_type_have_the_wrong_magic_number()
    {
        // 0x0D is float32, which MNIST-style files may also hold.
        WriteSourceWithTestImages(FashionMnistFixtures.Header(0x00000D03, 3, 28, 28), new byte[3 * 28 * 28 * 4]);

        Assert.Equal(
            $"'{TestImages}' is not an IDX file of 3-dimensional unsigned bytes: its magic number is 0x00000D03, "
                + $"expected 0x00000803.",
            ConvertFails()
        );
    }

    [Fact]
    public void Text_file_is_not_an_IDX_file()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);
        File.WriteAllText(TestImages, "<html>404 Not Found</html>");

        Assert.Equal(
            $"'{TestImages}' is not an IDX file of 3-dimensional unsigned bytes: its magic number is 0x3C68746D, "
                + $"expected 0x00000803.",
            ConvertFails()
        );
    }

    [Fact]
    public void Corrupt_gzip_is_reported()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);
        File.WriteAllBytes(
            TestImages,
            [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        );

        Assert.StartsWith($"'{TestImages}' is not a valid gzip file: ", ConvertFails());
    }

    [Fact]
    public void Cut_off_gzip_is_reported_as_truncated()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);
        File.WriteAllBytes(TestImages, File.ReadAllBytes(TestImages)[..^300]);

        Assert.Matches(
            $"^'{TestImages}' is truncated: its header declares 3 x 28 x 28 = 2352 data bytes but only [0-9]+ follow.$",
            ConvertFails()
        );
    }

    [Fact]
    public void Short_header_is_reported_as_truncated()
    {
        WriteSourceWithTestImages(
            FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 3)[..6],
            [],
            gzip: false
        );

        Assert.Equal(
            $"'{Path.ChangeExtension(TestImages, null)}' is truncated: its IDX header needs 16 bytes "
                + $"but the file holds 6.",
            ConvertFails()
        );
    }

    [Fact]
    public void Missing_image_bytes_are_reported_as_truncated()
    {
        WriteSourceWithTestImages(
            FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 3, 28, 28),
            FashionMnistFixtures.Images(3)[..2000]
        );

        Assert.Equal(
            $"'{TestImages}' is truncated: its header declares 3 x 28 x 28 = 2352 data bytes but only 2000 follow.",
            ConvertFails()
        );
    }

    [Fact]
    public void Bytes_beyond_the_declared_data_are_reported()
    {
        WriteSourceWithTestImages(
            FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 3, 28, 28),
            [.. FashionMnistFixtures.Images(3), 1, 2, 3, 4, 5]
        );

        Assert.Equal(
            $"'{TestImages}': its header declares 3 x 28 x 28 = 2352 data bytes but 5 more bytes follow them.",
            ConvertFails()
        );
    }

    [Fact]
    public void Negative_dimension_is_reported()
    {
        WriteSourceWithTestImages(FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, -3, 28, 28), []);

        Assert.Equal($"'{TestImages}': dimension 0 of its IDX header is negative (-3).", ConvertFails());
    }

    [Fact]
    public void Images_of_another_size_are_reported()
    {
        WriteSourceWithTestImages(
            FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 3, 27, 28),
            new byte[3 * 27 * 28]
        );

        Assert.Equal($"'{TestImages}' holds 27x28 images, expected 28x28 (Fashion-MNIST).", ConvertFails());
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        WriteSourceWithTestImages(
            FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 2, 28, 28),
            FashionMnistFixtures.Images(2)
        );

        Assert.Equal($"'{TestImages}' holds 2 images but '{TestLabels}' holds 3 labels.", ConvertFails());
    }

    [Fact]
    public void Label_above_9_is_reported()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);
        FashionMnistFixtures.WriteIdx(
            TestLabels,
            FashionMnistFixtures.Header(FashionMnistFixtures.LabelsMagic, 3),
            [4, 10, 2]
        );

        Assert.Equal(
            $"'{TestLabels}': label 10 of image 1 is outside 0..9 (Fashion-MNIST has 10 classes).",
            ConvertFails()
        );
    }

    [Fact]
    public void Too_few_training_images_for_five_files_are_reported()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 4, testCount: 3);

        Assert.Equal(
            $"Fashion-MNIST in '{Source}' holds 4 training and 3 test images; at least 5 and 1 are needed.",
            ConvertFails()
        );
    }

    [Fact]
    public void IDX_file_reads_gzip_and_plain_files_alike()
    {
        var header = FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 2, 28, 28);
        var data = FashionMnistFixtures.Images(2);

        foreach (bool gzip in new[] { true, false })
        {
            string path = FashionMnistFixtures.WriteIdx(Path.Combine(root.Path, $"images-{gzip}"), header, data, gzip);

            var file = IdxFile.Read(path, rank: 3);

            Assert.Equal(path, file.Path);
            Assert.Equal([2, 28, 28], file.Dimensions);
            Assert.Equal(2, file.Count);
            Assert.Equal(data, file.Data);
        }
    }

    [Fact]
    public void IDX_file_names_a_missing_file()
    {
        string path = Path.Combine(root.Path, "absent.gz");

        var error = Assert.Throws<DatasetException>(() => IdxFile.Read(path, rank: 1));

        Assert.Equal($"'{path}' not found.", error.Message);
    }
}
