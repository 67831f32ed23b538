using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Checkpoints;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public class TorchCheckpointWriterTests
{
    /// <summary>
    /// A checkpoint with every kind of value the writer accepts: tensors of several dtypes (0-dim included),
    /// views that do not own their storage, nested dicts with integer keys, lists, scalars and None.
    /// </summary>
    internal static OrderedDictionary<string, object?> EveryKindOfValue()
    {
        var matrix = arange(12, ScalarType.Float32).reshape(3, 4);
        return new()
        {
            ["state_dict"] = new OrderedDictionary<string, Tensor>
            {
                ["fc.weight"] = tensor(new[] { 0.1f, -2.5f, 3e-8f, 4f, 5f, 6f }).reshape(2, 3),
                ["lif.alpha"] = tensor(new[] { 0.25, 1.0 / 3.0, -7.5, 1e-300 }),
                ["lif.Vth"] = tensor(0.5f),
                ["bn.num_batches_tracked"] = tensor(54L),
                ["mask"] = tensor(new[] { true, false }),
                ["counts"] = tensor(new[] { 1, -2, 3 }),
                ["pixels"] = tensor(new byte[] { 0, 128, 255 }),
                ["transposed"] = matrix.t(),
                ["row"] = matrix[1],
            },
            ["epoch"] = 12,
            ["step"] = 3_000_000_000L,
            ["best_acc1"] = 91.25,
            ["arch"] = "resnet18",
            ["milestones"] = new[] { 30, 60 },
            ["optimizer"] = new Dictionary<string, object?>
            {
                ["state"] = new Dictionary<int, object?>
                {
                    [0] = new Dictionary<string, object?> { ["momentum_buffer"] = full(3, 0.125) },
                },
                ["param_groups"] = new List<object?>
                {
                    new Dictionary<string, object?>
                    {
                        ["lr"] = 0.1,
                        ["params"] = new List<object?> { 0, 1 },
                    },
                },
            },
            ["note"] = null,
            ["amp"] = false,
        };
    }

    [Fact]
    public void Round_trip_keeps_keys_shapes_dtypes_and_values()
    {
        using var dir = new TempFolder();
        var path = dir.File("all.pth");
        var written = EveryKindOfValue();

        TorchCheckpointWriter.Write(path, written);
        using var checkpoint = TorchCheckpointReader.Read(path);

        var readBack = new Dictionary<string, object?>(checkpoint.Extra)
        {
            ["state_dict"] = checkpoint.StateDict.ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        var expected = CheckpointJson.Describe(written, ordered: false);
        var actual = CheckpointJson.Describe(readBack, ordered: false);
        Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(expected, actual),
            $"expected\n{expected}\nread back\n{actual}"
        );
    }

    [Fact]
    public void A_model_state_under_state_dict_keeps_PyTorchs_order_and_the_extras()
    {
        using var dir = new TempFolder();
        var path = dir.File("tiny.pth");
        using var model = new TinyNet();

        StateDictCheckpoint.Write(path, model, ("epoch", 3), ("best_acc1", 55.5));
        using var checkpoint = TorchCheckpointReader.Read(path);

        Assert.Equal(TinyNet.PyTorchKeyOrder.Order(), checkpoint.StateDict.Keys.Order());
        Assert.Equal(3, checkpoint.Extra["epoch"]);
        Assert.Equal(55.5, checkpoint.Extra["best_acc1"]);
        foreach (var (key, tensor) in model.state_dict())
        {
            Assert.Equal(tensor.dtype, checkpoint.StateDict[key].dtype);
            Assert.True(tensor.eq(checkpoint.StateDict[key]).all().item<bool>(), key);
            Assert.False(checkpoint.StateDict[key].requires_grad, key);
        }
    }

    [Fact]
    public void Failed_write_keeps_old_file_and_leaves_no_temporary()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.pth");
        using var model = new TinyNet();
        StateDictCheckpoint.Write(path, model, ("epoch", 1));
        var original = File.ReadAllBytes(path);
        using var weight = ones(4, 4);

        var error = Assert.Throws<CheckpointException>(() =>
            TorchCheckpointWriter.Write(
                path,
                new Dictionary<string, object?>
                {
                    ["state_dict"] = new Dictionary<string, Tensor> { ["fc.weight"] = weight },
                    ["epoch"] = 2,
                    ["schedule"] = new Uri("https://example.org"),
                }
            )
        );

        Assert.Contains(path, error.Message);
        Assert.Contains("'schedule' has type Uri", error.Message);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Missing_directory_is_reported_with_the_path()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "no-such-dir", "model.pth");
        using var weight = ones(1);

        var error = Assert.Throws<CheckpointException>(() =>
            TorchCheckpointWriter.Write(path, new Dictionary<string, object?> { ["w"] = weight })
        );

        Assert.Contains(path, error.Message);
        Assert.IsType<DirectoryNotFoundException>(error.InnerException);
    }

    [Fact]
    public void Unsupported_dtype_is_named()
    {
        using var dir = new TempFolder();
        var path = dir.File("q.pth");
        using var quantized = quantize_per_tensor(ones(2), 0.1, 0, ScalarType.QInt8);

        var error = Assert.Throws<CheckpointException>(() =>
            TorchCheckpointWriter.Write(
                path,
                new Dictionary<string, object?>
                {
                    ["state_dict"] = new Dictionary<string, Tensor> { ["q"] = quantized },
                }
            )
        );

        Assert.Contains("'state_dict.q' is a QInt8 tensor", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
