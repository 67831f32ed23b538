using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Data.Datasets;

/// <summary>A CIFAR python batch is a pickle from a stranger: it may name only numpy's array globals, and nest only so
/// deep.</summary>
public sealed class HostileCifarPickleTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private DatasetException OpenFails(byte[] testBatch)
    {
        string path = root.File(CifarPaths.FolderName(CifarVariant.Cifar10, CifarLayout.Python), "test_batch");
        File.WriteAllBytes(path, testBatch);
        var error = Assert.Throws<DatasetException>(() =>
            CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test)
        );
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain("System.", error.Message);
        return error;
    }

    [Fact]
    public void A_global_off_the_numpy_allowlist_is_refused_by_name()
    {
        var error = OpenFails(
            new PickleBuilder().Proto2().Global("subprocess", "call").Text("sh").Op(0x85).Op('R').Op('.').ToArray()
        );

        Assert.Contains("asks for the Python global 'subprocess.call'", error.Message);
        Assert.Contains("numpy.dtype", error.Message);
    }

    [Fact]
    public void Deep_nesting_hits_the_nesting_limit()
    {
        var error = OpenFails(
            new PickleBuilder().Proto2().Repeat(50_000, (byte)']').Repeat(49_999, (byte)'a').Op('.').ToArray()
        );

        Assert.Contains("levels deep", error.Message);
    }
}
