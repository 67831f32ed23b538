using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Tests.Data.Loading;

/// <summary>The threaded ImageNet pipeline: batches independent of the thread count, per-epoch order, bad
/// files.</summary>
[Collection(SerialTorchRandom.Name)]
public sealed class ImageFolderBatchSourceTests
{
    private sealed class SmallCrop : ISampleTransform
    {
        private readonly RandomResizedCrop crop = new(8);
        public int Side => 8;

        public AugmentationDraws Draw(int width, int height, GatedLif.Data.IRandomSource random) =>
            new(crop.Window(width, height, random), false);

        public void Apply(RgbImage image, AugmentationDraws draws, Span<float> destination) =>
            PixelNormalization.ImageNet.ApplyInterleaved(crop.Resize(image, draws.Window!.Value).Pixels, destination);
    }

    private static List<(float[] Images, long[] Labels)> Read(IEnumerable<ImageBatch> batches) =>
        batches
            .Select(b =>
            {
                using (b)
                    return (b.Images.data<float>().ToArray(), b.Labels.data<long>().ToArray());
            })
            .ToList();

    [Fact]
    public void Training_batches_depend_on_the_generator_not_on_the_thread_count()
    {
        using var root = new TempFolder();
        TestImages.WriteFolder(root.Path, classes: 3, perClass: 4, (20, 15), (9, 30), (16, 16));
        var folder = ImageFolder.Open(root.Path);

        manual_seed(9);
        var one = Read(new ImageFolderBatchSource(folder, 5, new SmallCrop(), workers: 1, training: true).Epoch(2));
        manual_seed(9);
        var threaded = new ImageFolderBatchSource(folder, 5, new SmallCrop(), workers: 3, training: true);
        var three = Read(threaded.Epoch(2));
        var nextEpoch = Read(threaded.Epoch(3));

        Assert.Equal([5, 5, 2], one.Select(b => b.Labels.Length));
        Assert.Equal(one.Select(b => b.Labels), three.Select(b => b.Labels));
        Assert.Equal(one.Select(b => b.Images), three.Select(b => b.Images));
        Assert.NotEqual(one.SelectMany(b => b.Labels), nextEpoch.SelectMany(b => b.Labels));
        Assert.Equal(new long[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, one.SelectMany(b => b.Labels).Order());
    }

    [Fact]
    public void Evaluation_batches_keep_file_order_and_shape()
    {
        using var root = new TempFolder();
        TestImages.WriteFolder(root.Path, classes: 2, perClass: 2, (256, 260), (300, 256));
        var batches = Read(
            new ImageFolderBatchSource(ImageFolder.Open(root.Path), 3, new ImageNetEvalTransform(), workers: 2).Epoch(1)
        );
        Assert.Equal(new long[] { 0, 0, 1 }, batches[0].Labels);
        Assert.Equal(new long[] { 1 }, batches[1].Labels);
        Assert.Equal(3 * 3 * 224 * 224, batches[0].Images.Length);
    }

    [Fact]
    public void A_corrupt_JPEG_stops_the_epoch_naming_the_file_unless_bad_images_are_skipped()
    {
        using var root = new TempFolder();
        TestImages.WriteFolder(root.Path, classes: 2, perClass: 2, (12, 10));
        var bad = root.File("n00000001", "broken.JPG");
        File.WriteAllBytes(bad, [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 9, 9, 9]);
        var folder = ImageFolder.Open(root.Path);

        var e = Assert.Throws<DatasetException>(() =>
            Read(new ImageFolderBatchSource(folder, 2, new SmallCrop(), 2, training: true).Epoch(1))
        );
        Assert.Contains(bad, e.Message);

        var warnings = new List<string>();
        var kept = Read(
            new ImageFolderBatchSource(
                folder,
                2,
                new SmallCrop(),
                2,
                training: true,
                skipBadImages: true,
                warn: warnings.Add
            ).Epoch(1)
        );
        Assert.Equal(4, kept.Sum(b => b.Labels.Length));
        Assert.Contains(bad, Assert.Single(warnings));
    }
}
