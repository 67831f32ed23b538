using System.Collections;
using System.Text;
using GatedLif.Data.Datasets;
using GatedLif.Tests.TestSupport;
using Razorvine.Pickle;

namespace GatedLif.Tests.Data.Datasets;

public sealed class CifarPythonWriterTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Writes_a_protocol_2_pickle_with_a_NumPy_array_and_the_batch_label()
    {
        string folder = Path.Combine(root.Path, "cifar-10-batches-py");

        string path = CifarPythonWriter.Write(
            folder,
            "test_batch",
            CifarFixtures.Images(1),
            [4],
            batchLabel: "demo batch"
        );

        // Unpickling 'data' needs the reader's numpy constructors, so the raw bytes are checked for the rest.
        var bytes = File.ReadAllBytes(path);
        string text = Encoding.Latin1.GetString(bytes);
        Assert.Equal([0x80, 2], bytes[..2]);
        Assert.Contains("cnumpy.core.multiarray\n_reconstruct\n", text);
        Assert.Contains("cnumpy\ndtype\n", text);
        Assert.Contains("batch_label", text);
        Assert.Contains("demo batch", text);
        Assert.Equal([4], CifarDataset.Open(root.Path, CifarVariant.Cifar10, CifarSplit.Test).Labels);
    }

    [Fact]
    public void Writes_the_meta_file_torchvision_loads()
    {
        string[] names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

        string path = CifarPythonWriter.WriteMeta(root.Path, CifarVariant.Cifar10, names);

        Assert.Equal(Path.Combine(root.Path, "batches.meta"), path);
        using var unpickler = new Unpickler();
        var dict = (IDictionary)unpickler.loads(File.ReadAllBytes(path));
        Assert.Equal(names, ((IList)dict["label_names"]!).Cast<string>());
        Assert.Equal(3072, dict["num_vis"]);
    }

    [Fact]
    public void Rejects_images_that_do_not_match_the_labels()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CifarPythonWriter.Write(root.Path, "x", new byte[3072], [1, 2])
        );

        Assert.Contains("got 3072 bytes for 2 labels", error.Message);
    }

    [Fact]
    public void Rejects_labels_outside_the_variants_classes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CifarPythonWriter.Write(root.Path, "x", new byte[3072], [10]));
    }
}
