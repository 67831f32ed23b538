using System.Collections;
using System.Text;
using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;
using Razorvine.Pickle;

namespace GatedLif.Tests.Data.Datasets.FashionMnist;

/// <summary>Converting small generated Fashion-MNIST sources; none of these needs the Debian package.</summary>
public sealed class FashionMnistToCifarTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private string Source => Path.Combine(root.Path, "fashion-mnist");

    private string DatasetPath => Path.Combine(root.Path, "data");

    private string Target => Path.Combine(DatasetPath, "cifar-10-batches-py");

    private CifarDataset Open(CifarSplit split) => CifarDataset.Open(DatasetPath, CifarVariant.Cifar10, split);

    /// <summary>The images of one converted file, read by copying it where <see cref="CifarDataset"/> expects a test
    /// batch.</summary>
    private static CifarDataset OpenFile(string path)
    {
        using var copy = new TempFolder();
        File.Copy(path, copy.File("cifar-10-batches-py", "test_batch"));
        return CifarDataset.Open(copy.Path, CifarVariant.Cifar10, CifarSplit.Test);
    }

    /// <summary>Every file's name, content and modification time, to show a folder was not touched.</summary>
    private static string[] Snapshot(string folder) =>
        Directory
            .GetFiles(folder)
            .Order()
            .Select(f =>
                $"{Path.GetFileName(f)} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(File.ReadAllBytes(f))}"
            )
            .ToArray();

    private static string[] TrainFiles =>
        ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"];

    private static string[] LayoutFiles => [.. TrainFiles, "test_batch", "batches.meta"];

    [Fact]
    public void Each_image_is_centred_in_32x32_with_its_grey_plane_as_red_green_and_blue()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 3);

        FashionMnistToCifar.Convert(Source, DatasetPath);

        var expected = new byte[3 * 3072];
        for (int i = 0; i < 3; i++)
        {
            for (int channel = 0; channel < 3; channel++)
            {
                for (int r = 0; r < 28; r++)
                {
                    for (int c = 0; c < 28; c++)
                    {
                        expected[i * 3072 + channel * 1024 + (r + 2) * 32 + c + 2] = FashionMnistFixtures.Pixel(
                            i,
                            r,
                            c
                        );
                    }
                }
            }
        }

        Assert.Equal(expected, Open(CifarSplit.Test).Images);
    }

    [Fact]
    public void Border_is_two_zero_pixels_on_every_side_of_every_plane()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 1);

        FashionMnistToCifar.Convert(Source, DatasetPath);

        var image = Open(CifarSplit.Test).Image(0).ToArray();
        for (int channel = 0; channel < 3; channel++)
        {
            var plane = image.AsSpan(channel * 1024, 1024);
            for (int r = 0; r < 32; r++)
            {
                for (int c = 0; c < 32; c++)
                {
                    bool inside = r is >= 2 and <= 29 && c is >= 2 and <= 29;
                    Assert.True(
                        inside == (plane[r * 32 + c] != 0),
                        $"plane {channel}, row {r}, column {c}: {plane[r * 32 + c]}"
                    );
                }
            }

            Assert.Equal(FashionMnistFixtures.Pixel(0, 0, 0), plane[2 * 32 + 2]);
            Assert.Equal(FashionMnistFixtures.Pixel(0, 27, 27), plane[29 * 32 + 29]);
        }
    }

    [Theory]
    [InlineData(5, new[] { 1, 1, 1, 1, 1 })]
    [InlineData(11, new[] { 3, 2, 2, 2, 2 })]
    [InlineData(14, new[] { 3, 3, 3, 3, 2 })]
    [InlineData(20, new[] { 4, 4, 4, 4, 4 })]
    public void Training_images_are_split_in_order_over_five_files_earlier_ones_taking_the_remainder(
        int count,
        int[] sizes
    )
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: count, testCount: 1);

        FashionMnistToCifar.Convert(Source, DatasetPath);

        Assert.Equal(sizes, TrainFiles.Select(f => OpenFile(Path.Combine(Target, f)).Count));
        var train = Open(CifarSplit.Train);
        Assert.Equal(FashionMnistFixtures.Labels(count).Select(l => (int)l), train.Labels);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(FashionMnistFixtures.Pixel(i, 0, 0), train.Image(i)[2 * 32 + 2]);
        }
    }

    [Fact]
    public void Test_labels_are_kept_in_order()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 12);

        FashionMnistToCifar.Convert(Source, DatasetPath);

        Assert.Equal([0, 3, 6, 9, 2, 5, 8, 1, 4, 7, 0, 3], Open(CifarSplit.Test).Labels);
    }

    [Fact]
    public void Limits_keep_the_first_images_of_each_split()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 20, testCount: 6);

        FashionMnistToCifar.Convert(Source, DatasetPath, trainLimit: 7, testLimit: 4);

        var train = Open(CifarSplit.Train);
        var test = Open(CifarSplit.Test);
        Assert.Equal([2, 2, 1, 1, 1], TrainFiles.Select(f => OpenFile(Path.Combine(Target, f)).Count));
        Assert.Equal(FashionMnistFixtures.Labels(7).Select(l => (int)l), train.Labels);
        Assert.Equal(FashionMnistFixtures.Pixel(6, 0, 0), train.Image(6)[2 * 32 + 2]);
        Assert.Equal(FashionMnistFixtures.Labels(4).Select(l => (int)l), test.Labels);
        Assert.Equal(FashionMnistFixtures.Pixel(3, 0, 0), test.Image(3)[2 * 32 + 2]);
    }

    [Fact]
    public void Limits_beyond_a_split_keep_all_of_it()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 6, testCount: 2);

        FashionMnistToCifar.Convert(Source, DatasetPath, trainLimit: 60_000, testLimit: 10_000);

        Assert.Equal(6, Open(CifarSplit.Train).Count);
        Assert.Equal(2, Open(CifarSplit.Test).Count);
    }

    [Theory]
    [InlineData(4, null, "trainLimit", "At least 5 training images are needed, one per data_batch file.")]
    [InlineData(null, 0, "testLimit", "At least 1 test image is needed.")]
    public void Limits_below_the_minimum_are_rejected_before_anything_is_read(
        int? trainLimit,
        int? testLimit,
        string parameter,
        string message
    )
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            FashionMnistToCifar.Convert(Source, DatasetPath, trainLimit, testLimit)
        );

        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith(message, error.Message);
        Assert.False(Directory.Exists(DatasetPath));
    }

    [Fact]
    public void Meta_file_holds_the_Fashion_MNIST_class_names_and_batches_carry_CIFAR_style_labels()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 1);

        FashionMnistToCifar.Convert(Source, DatasetPath);

        using var unpickler = new Unpickler();
        var meta = (IDictionary)unpickler.loads(File.ReadAllBytes(Path.Combine(Target, "batches.meta")));
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            ((IList)meta["label_names"]!).Cast<string>()
        );
        Assert.Contains(
            "training batch 2 of 5",
            Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Target, "data_batch_2")))
        );
        Assert.Contains(
            "testing batch 1 of 1",
            Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Target, "test_batch")))
        );
    }

    [Fact]
    public void Gunzipped_source_files_are_read_too()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 2, gzip: false);

        FashionMnistToCifar.Convert(Source, DatasetPath);

        Assert.Equal([0, 3], Open(CifarSplit.Test).Labels);
    }

    [Fact]
    public void Creates_the_dataset_path_returns_the_folder_and_logs_each_file()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 11, testCount: 2);
        var log = new StringWriter();

        var result = FashionMnistToCifar.Convert(Source, DatasetPath, log: log);

        Assert.Equal(new FashionMnistConversion(Target, AlreadyPresent: false), result);
        Assert.Equal(LayoutFiles.Order(), Directory.GetFiles(Target).Select(Path.GetFileName).Order());
        Assert.Equal([Target], Directory.GetFileSystemEntries(DatasetPath));
        Assert.Equal(
            $"Read Fashion-MNIST from '{Source}': using 11 of 11 training and 2 of 2 test images.\n"
                + "Wrote data_batch_1: 3 images.\nWrote data_batch_2: 2 images.\nWrote data_batch_3: 2 images.\n"
                + "Wrote data_batch_4: 2 images.\nWrote data_batch_5: 2 images.\nWrote test_batch: 2 images.\n"
                + $"Wrote Fashion-MNIST as CIFAR-10 (python layout) to '{Target}'.\n",
            log.ToString()
        );
    }

    [Fact]
    public void Complete_existing_folder_is_left_untouched_without_reading_the_source()
    {
        foreach (string name in TrainFiles.Append("test_batch"))
        {
            CifarPythonWriter.Write(Target, name, CifarFixtures.Images(1), [7]);
        }

        CifarPythonWriter.WriteMeta(Target, CifarVariant.Cifar10, FashionMnistToCifar.ClassNames);
        var before = Snapshot(Target);
        var log = new StringWriter();

        var result = FashionMnistToCifar.Convert(Path.Combine(root.Path, "no-such-source"), DatasetPath, log: log);

        Assert.Equal(new FashionMnistConversion(Target, AlreadyPresent: true), result);
        Assert.Equal(before, Snapshot(Target));
        Assert.Equal([Target], Directory.GetFileSystemEntries(DatasetPath));
        Assert.Equal($"'{Target}' already holds a complete CIFAR-10 python layout; left as it is.\n", log.ToString());
    }

    [Fact]
    public void Incomplete_existing_folder_is_refused_and_left_as_it_is()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 1);
        CifarPythonWriter.Write(Target, "test_batch", CifarFixtures.Images(1), [7]);
        var before = Snapshot(Target);

        var error = Assert.Throws<DatasetException>(() => FashionMnistToCifar.Convert(Source, DatasetPath));

        Assert.Equal(
            $"'{Target}' exists but is incomplete (missing data_batch_1, data_batch_2, data_batch_3, data_batch_4, "
                + $"data_batch_5, "
                + "batches.meta); remove it, or choose another dataset path, to convert Fashion-MNIST there.",
            error.Message
        );
        Assert.Equal(before, Snapshot(Target));
        Assert.Equal([Target], Directory.GetFileSystemEntries(DatasetPath));
    }

    [Fact]
    public void Failure_while_writing_leaves_no_partial_folder()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 1);
        var log = new FailingWriter("Wrote data_batch_3", DatasetPath);

        var error = Assert.Throws<InvalidOperationException>(() =>
            FashionMnistToCifar.Convert(Source, DatasetPath, log: log)
        );

        Assert.Same(log.Failure, error);
        Assert.Equal(["data_batch_1", "data_batch_2", "data_batch_3"], log.PartialFiles);
        Assert.Empty(Directory.GetFileSystemEntries(DatasetPath));
    }

    [Fact]
    public void Failed_rename_is_reported_and_leaves_no_partial_folder()
    {
        FashionMnistFixtures.WriteSource(Source, trainCount: 5, testCount: 1);
        Directory.CreateDirectory(DatasetPath);
        File.WriteAllText(Target, "a file where the folder should go");

        var error = Assert.Throws<DatasetException>(() => FashionMnistToCifar.Convert(Source, DatasetPath));

        Assert.StartsWith($"Could not write '{Target}': ", error.Message);
        Assert.Equal([Target], Directory.GetFileSystemEntries(DatasetPath));
        Assert.Equal("a file where the folder should go", File.ReadAllText(Target));
    }

    /// <summary>A log that fails on a chosen line, noting first what the partial folder then holds.</summary>
    private sealed class FailingWriter(string failOn, string datasetPath) : StringWriter
    {
        public InvalidOperationException Failure { get; } = new("log failed");

        public string[] PartialFiles { get; private set; } = [];

        public override void WriteLine(string? value)
        {
            if (value?.StartsWith(failOn, StringComparison.Ordinal) == true)
            {
                string partial = Assert.Single(Directory.GetDirectories(datasetPath, "cifar-10-batches-py.tmp-*"));
                PartialFiles = Directory.GetFiles(partial).Select(f => Path.GetFileName(f)!).Order().ToArray();
                throw Failure;
            }

            base.WriteLine(value);
        }
    }
}
