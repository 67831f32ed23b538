using GatedLif.Data;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using TorchSharp;

namespace GatedLif.Tests.Data.Loading;

public sealed class CifarBatchLoaderTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly CifarDataset dataset;

    public CifarBatchLoaderTests()
    {
        // Seven images labelled 0..6 in file order.
        CifarFixtures.WriteBinary(
            root.File("cifar-10-batches-bin", "test_batch.bin"),
            CifarFixtures.Images(7),
            [0, 1, 2, 3, 4, 5, 6]
        );
        dataset = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);
    }

    public void Dispose() => root.Dispose();

    private static long[] Labels(IEnumerable<ImageBatch> batches) =>
        batches.SelectMany(b => b.Labels.data<long>().ToArray()).ToArray();

    [Fact]
    public void Seven_images_in_batches_of_three_give_three_three_one()
    {
        var loader = new CifarBatchLoader(dataset, batchSize: 3);

        var batches = loader.ToList();

        Assert.Equal(3, loader.BatchCount);
        Assert.Equal([3, 3, 1], batches.Select(b => b.Count));
        Assert.Equal([3L, 3, 32, 32], batches[0].Images.shape);
        Assert.Equal([1L, 3, 32, 32], batches[2].Images.shape);
        Assert.Equal(torch.ScalarType.Float32, batches[0].Images.dtype);
        Assert.Equal(torch.ScalarType.Int64, batches[0].Labels.dtype);
        Assert.Equal(DeviceType.CPU, batches[0].Images.device_type);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], Labels(batches));
        batches.ForEach(b => b.Dispose());
    }

    [Fact]
    public void Batches_hold_the_normalised_images_of_their_own_labels()
    {
        var batches = new CifarBatchLoader(dataset, batchSize: 3).ToList();

        // Taken after all batches exist, so a shared buffer between batches would show.
        for (int b = 0; b < batches.Count; b++)
        {
            var (images, labels) = batches[b];
            var pixels = images.data<float>().ToArray();
            for (int k = 0; k < labels.shape[0]; k++)
            {
                int index = (int)labels[k].item<long>();
                var expected = new float[CifarImageFormat.ImageBytes];
                CifarNormalization.Cifar10.Apply(dataset.Image(index), expected);
                Assert.Equal(
                    expected,
                    pixels.AsSpan(k * CifarImageFormat.ImageBytes, CifarImageFormat.ImageBytes).ToArray()
                );
            }

            batches[b].Dispose();
        }
    }

    [Fact]
    public void Visits_the_given_order_and_drops_a_final_partial_batch_when_asked()
    {
        int[] order = [6, 2, 4, 0, 1, 5, 3];

        Assert.Equal([6L, 2, 4, 0, 1, 5, 3], Labels(new CifarBatchLoader(dataset, 3, order: order)));
        var dropped = new CifarBatchLoader(dataset, 3, order: order, dropLast: true);
        Assert.Equal(2, dropped.BatchCount);
        Assert.Equal([6L, 2, 4, 0, 1, 5], Labels(dropped));
    }

    [Fact]
    public void Augmentation_runs_before_normalisation_so_padding_is_minus_mean_over_std()
    {
        // Every image cropped at the top-left corner without a flip: rows 0..3 come from zero padding.
        var script = Enumerable.Range(0, 7).SelectMany(_ => new object[] { 0, 0, 0.9 }).ToArray();
        var scripted = new CifarTrainAugmentation(new ScriptedRandom(script));
        var loader = new CifarBatchLoader(dataset, 7, augmentationOfBatch: _ => scripted);

        using var batch = loader.Single();

        var pixels = batch.Images.data<float>().ToArray();
        for (int c = 0; c < 3; c++)
        {
            float padded = (0 - CifarNormalization.Cifar10.Mean[c]) / CifarNormalization.Cifar10.Std[c];
            Assert.Equal(padded, pixels[c * CifarImageFormat.PlaneBytes]);
            // Pixel (4, 4) of the output is pixel (0, 0) of the image.
            Assert.Equal(
                CifarNormalization.Cifar10.Normalize(c, dataset.Image(0)[c * CifarImageFormat.PlaneBytes]),
                pixels[c * CifarImageFormat.PlaneBytes + 4 * 32 + 4]
            );
        }
    }

    [Fact]
    public void Rejects_a_batch_size_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CifarBatchLoader(dataset, 0));
    }
}
