using System.Security.Cryptography;
using System.Text.Json;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace GatedLif.Tests.Data.Loading;

/// <summary>
/// Our training loaders against the reference's own pipelines run by Debian's PyTorch 1.13 and torchvision 0.14
/// (<c>tests/parity/reference_loader_fixtures.py</c> wrote <c>Fixtures/loaders</c>): from the same seed, the first
/// two epochs' sample order and uint8 images after augmentation, bit for bit (CIFAR-10 and an ImageFolder).
/// </summary>
[Collection(SerialTorchRandom.Name)]
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ReferenceLoaderFixtureTests
{
    [Fact]
    public void Cifar10_training_epochs_equal_the_references_data_builder()
    {
        using var fixture = JsonDocument.Parse(
            File.ReadAllText(RepoPaths.Fixture(Path.Combine("loaders", "cifar10.json")))
        );
        var root = fixture.RootElement;
        int trainCount = root.GetProperty("train_images").GetInt32(),
            testCount = root.GetProperty("test_images").GetInt32();
        int batchSize = root.GetProperty("batch_size").GetInt32();
        Assert.Equal(ReferenceWorkers.Cifar, root.GetProperty("workers").GetInt32());
        using var folder = new TempFolder();
        WriteSynthetic(folder.Path, trainCount, testCount);
        var train = new CifarBatchSource(
            CifarDataset.Open(folder.Path, CifarVariant.Cifar10, CifarSplit.Train),
            batchSize,
            training: true
        );
        var test = new CifarBatchSource(
            CifarDataset.Open(folder.Path, CifarVariant.Cifar10, CifarSplit.Test),
            batchSize,
            training: false
        );

        AssertEpochsEqual(root, train, test, images => Unnormalized(images));
    }

    [Fact]
    public void Cifar10_sample_order_equals_the_references_random_sampler()
    {
        using var fixture = JsonDocument.Parse(
            File.ReadAllText(RepoPaths.Fixture(Path.Combine("loaders", "cifar10.json")))
        );
        var root = fixture.RootElement;
        int trainCount = root.GetProperty("train_images").GetInt32();

        manual_seed(root.GetProperty("seed").GetInt32());
        foreach (var expectedEpoch in root.GetProperty("epochs").EnumerateArray())
        {
            var order = SamplerOrder.Permutation(
                trainCount,
                DataLoaderSeeds.Draw(randomSampler: true).SamplerSeed!.Value
            );
            Assert.Equal(
                expectedEpoch
                    .EnumerateArray()
                    .SelectMany(b => b.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32())),
                order
            );
            DataLoaderSeeds.Draw(randomSampler: true);
        }
    }

    [Fact]
    public void ImageFolder_training_epochs_equal_the_references_data_builder()
    {
        using var fixture = JsonDocument.Parse(
            File.ReadAllText(RepoPaths.Fixture(Path.Combine("loaders", "imagefolder.json")))
        );
        var root = fixture.RootElement;
        Assert.Equal(ReferenceWorkers.ImageNet, root.GetProperty("workers").GetInt32());
        var sizes = root.GetProperty("image_sizes")
            .EnumerateArray()
            .Select(p => (p[0].GetInt32(), p[1].GetInt32()))
            .ToArray();
        using var folder = new TempFolder();
        WriteSyntheticFolder(
            Path.Combine(folder.Path, "train"),
            root.GetProperty("images_per_class").GetInt32(),
            sizes
        );
        WriteSyntheticFolder(Path.Combine(folder.Path, "val"), root.GetProperty("images_per_class").GetInt32(), sizes);
        int batchSize = root.GetProperty("batch_size").GetInt32();
        // Three decoding threads: the thread count must change nothing.
        var train = new ImageFolderBatchSource(
            ImageFolder.Open(Path.Combine(folder.Path, "train")),
            batchSize,
            new ImageNetTrainTransform(),
            3,
            training: true
        );
        var test = new ImageFolderBatchSource(
            ImageFolder.Open(Path.Combine(folder.Path, "val")),
            batchSize,
            new ImageNetEvalTransform(),
            3
        );

        AssertEpochsEqual(root, train, test, images => Unnormalized(images, PixelNormalization.ImageNet, 224 * 224));
    }

    /// <summary>
    /// From the fixture's seed, each training epoch's batches against the reference's: labels, the uint8 images after
    /// augmentation by SHA-256 (and byte for byte where the fixture keeps them); the test loader runs between epochs,
    /// since its draws from the default generator come before the next epoch's.
    /// </summary>
    private static void AssertEpochsEqual(
        JsonElement root,
        IBatchSource train,
        IBatchSource test,
        Func<Tensor, byte[]> unnormalized
    )
    {
        manual_seed(root.GetProperty("seed").GetInt32());
        int epoch = 1;
        foreach (var expectedEpoch in root.GetProperty("epochs").EnumerateArray())
        {
            var expected = expectedEpoch.EnumerateArray().ToList();
            var batches = train.Epoch(epoch).ToList();
            Assert.Equal(expected.Count, batches.Count);
            for (int b = 0; b < batches.Count; b++)
            {
                using var batch = batches[b];
                var bytes = unnormalized(batch.Images);
                Assert.Equal(
                    expected[b].GetProperty("labels").EnumerateArray().Select(l => l.GetInt64()),
                    batch.Labels.data<long>().ToArray()
                );
                if (expected[b].TryGetProperty("images", out var images))
                    Assert.Equal(Convert.FromBase64String(images.GetString()!), bytes);
                Assert.True(
                    expected[b].GetProperty("sha256").GetString() == Convert.ToHexStringLower(SHA256.HashData(bytes)),
                    $"epoch {epoch} batch {b}: the augmented images differ from the reference's"
                );
            }
            foreach (var batch in test.Epoch(epoch))
                batch.Dispose();
            epoch++;
        }
    }

    /// <summary>The fixture script's ImageFolder: classes n0 and n1, image k of size sizes[k mod n], pixel
    /// ((3 x + 5 y + 11 k) mod 256, (7 x + 2 y + k) mod 256, (x y + 13 k) mod 256).</summary>
    private static void WriteSyntheticFolder(string root, int perClass, (int Width, int Height)[] sizes)
    {
        int k = 0;
        for (int c = 0; c < 2; c++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"n{c}"));
            for (int i = 0; i < perClass; i++, k++)
            {
                var (w, h) = sizes[k % sizes.Length];
                using var image = new Image<Rgb24>(w, h);
                for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    image[x, y] = new Rgb24(
                        (byte)((3 * x + 5 * y + 11 * k) % 256),
                        (byte)((7 * x + 2 * y + k) % 256),
                        (byte)((x * y + 13 * k) % 256)
                    );
                image.SaveAsPng(Path.Combine(root, $"n{c}", $"img_{i}.png"));
            }
        }
    }

    /// <summary>The fixture script's synthetic set: pixel (37 i + 101 c + 13 y + 7 x + x y) mod 256, label i mod
    /// 10.</summary>
    private static void WriteSynthetic(string root, int trainCount, int testCount)
    {
        var folder = Path.Combine(root, CifarPaths.FolderName(CifarVariant.Cifar10, CifarLayout.Python));
        int perFile = trainCount / 5;
        for (int k = 0; k < 5; k++)
            CifarPythonWriter.Write(
                folder,
                $"data_batch_{k + 1}",
                Images(k * perFile, perFile),
                Labels(k * perFile, perFile)
            );
        CifarPythonWriter.Write(folder, "test_batch", Images(0, testCount), Labels(0, testCount));
        CifarPythonWriter.WriteMeta(
            folder,
            CifarVariant.Cifar10,
            Enumerable.Range(0, 10).Select(k => k.ToString()).ToList()
        );
    }

    private static int[] Labels(int first, int count) => Enumerable.Range(first, count).Select(i => i % 10).ToArray();

    private static byte[] Images(int first, int count)
    {
        var bytes = new byte[count * CifarImageFormat.ImageBytes];
        int n = 0;
        for (int i = first; i < first + count; i++)
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
            bytes[n++] = (byte)((37 * i + 101 * c + 13 * y + 7 * x + x * y) % 256);
        return bytes;
    }

    /// <summary>The uint8 pixels a normalised batch was made from (the 256 levels are far apart, so rounding recovers
    /// them).</summary>
    private static byte[] Unnormalized(
        Tensor images,
        PixelNormalization? normalization = null,
        int plane = CifarImageFormat.PlaneBytes
    )
    {
        var values = images.data<float>().ToArray();
        var norm = normalization ?? CifarNormalization.Cifar10;
        var bytes = new byte[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            int c = k / plane % 3;
            bytes[k] = (byte)Math.Round((values[k] * norm.Std[c] + norm.Mean[c]) * 255);
        }
        return bytes;
    }
}
