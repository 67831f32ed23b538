using System.Text.Json;
using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets.FashionMnist;

/// <summary>
/// The reference's golden test batch holds 300 Fashion-MNIST test images it converted itself, a random sample of t10k
/// (not its first 300; Fixtures/fashion_mnist_golden_indices.json says which, as found by
/// tests/fixture-generators/fashion_mnist_golden_indices.py). Converting the real t10k must reproduce them byte for
/// byte. Needs Debian's dataset-fashion-mnist, which the test machine installs; without it the test fails rather than
/// skips.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class FashionMnistGoldenTests
{
    [GoldenFact]
    public void Converting_t10k_reproduces_the_golden_images_and_labels()
    {
        Assert.True(
            Directory.Exists(FashionMnistToCifar.DebianFolder),
            $"Fashion-MNIST is not installed in {FashionMnistToCifar.DebianFolder}: "
                + "run 'apt-get install dataset-fashion-mnist' (scripts/test.sh does) to check the conversion "
                + "against the golden files."
        );
        int[] indices = JsonDocument
            .Parse(File.ReadAllText(RepoPaths.Fixture("fashion_mnist_golden_indices.json")))
            .RootElement.GetProperty("indices")
            .EnumerateArray()
            .Select(e => e.GetInt32())
            .ToArray();
        using var root = new TempFolder();

        FashionMnistToCifar.Convert(FashionMnistToCifar.DebianFolder, root.Path, trainLimit: 5);

        var converted = CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test);
        var golden = CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test);
        Assert.Equal(10_000, converted.Count);
        Assert.Equal(golden.Count, indices.Length);
        Assert.Equal(indices.Length, indices.Distinct().Count());
        for (int k = 0; k < indices.Length; k++)
        {
            Assert.True(
                golden.Image(k).SequenceEqual(converted.Image(indices[k])),
                $"golden image {k} differs from converted t10k image {indices[k]}"
            );
        }

        Assert.Equal(golden.Labels, indices.Select(i => converted.Labels[i]));
    }
}
