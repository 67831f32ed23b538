using GatedLif.Data.Datasets.Dvs;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets.Dvs;

public sealed class DvsFrameFolderTests
{
    [Fact]
    public void Classes_are_sorted_folders_and_the_first_ceil_of_90_percent_of_each_train()
    {
        using var temp = new TempFolder();
        // 11 files: ceil(9.9) = 10 train, 1 test; 3 files: ceil(2.7) = 3 train, 0 test.
        foreach (var k in Enumerable.Range(0, 11))
            File.WriteAllBytes(temp.File("truck", $"cifar10_truck_{k}.npz"), []);
        foreach (var k in Enumerable.Range(0, 3))
            File.WriteAllBytes(temp.File("airplane", $"cifar10_airplane_{k}.npz"), []);
        File.WriteAllBytes(temp.File("truck", "cifar10_truck_0.npz.tmp-1-x"), []);

        var folder = DvsFrameFolder.Open(temp.Path);
        Assert.Equal(["airplane", "truck"], folder.Classes);
        var (train, test) = folder.Split();
        Assert.Equal(13, train.Count);
        var held = Assert.Single(test);
        // File-name order is Python's sort (ordinal): _0, _1, _10, _2, ... so _9 is the last one.
        Assert.Equal("cifar10_truck_9.npz", Path.GetFileName(held.Path));
        Assert.Equal(1, held.Label);
        Assert.Equal(
            [
                "cifar10_airplane_0.npz",
                "cifar10_airplane_1.npz",
                "cifar10_airplane_2.npz",
                "cifar10_truck_0.npz",
                "cifar10_truck_1.npz",
                "cifar10_truck_10.npz",
            ],
            train.Take(6).Select(s => Path.GetFileName(s.Path))
        );
        Assert.All(train.Take(3), s => Assert.Equal(0, s.Label));
    }
}
