using System.IO.Compression;
using GatedLif.Checkpoints;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Checkpoints;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public class TorchCheckpointReaderTests
{
    private static string GoldenCheckpoint => Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar");

    [GoldenFact]
    public void Reads_golden_PyTorch_checkpoint()
    {
        using var checkpoint = TorchCheckpointReader.Read(GoldenCheckpoint);

        Assert.Equal(308, checkpoint.StateDict.Count);
        Assert.Empty(checkpoint.Extra);
        foreach (var (key, tensor) in checkpoint.StateDict)
        {
            var expected = key.EndsWith(".num_batches_tracked", StringComparison.Ordinal)
                ? ScalarType.Int64
                : ScalarType.Float32;
            Assert.True(tensor.dtype == expected, $"{key} is {tensor.dtype}, expected {expected}");
        }
        Assert.Equal([64, 3, 3, 3], checkpoint.StateDict["conv1.0.0.weight"].shape);
        Assert.Equal([256, 512], checkpoint.StateDict["lastave.0.weight"].shape);
        Assert.Equal([10, 256], checkpoint.StateDict["lastave.1.weight"].shape);
        Assert.Equal([2, 64], checkpoint.StateDict["conv1.1.conduct"].shape);
        Assert.Empty(checkpoint.StateDict["conv1.0.1.Vth"].shape);

        // Values as torch 1.13 prints them for this file.
        var firstWeights = checkpoint.StateDict["conv1.0.0.weight"].flatten()[..3].data<float>().ToArray();
        Assert.Equal([-0.013647331856191158f, -0.07660605013370514f, -0.10444654524326324f], firstWeights);
        Assert.Equal(54L, checkpoint.StateDict["conv1.0.1.num_batches_tracked"].item<long>());
    }

    [GoldenFact]
    public void Golden_checkpoint_matches_reference_key_list_except_time_steps()
    {
        // The key list was made for T=6; this checkpoint was trained with T=2, which only changes 'conduct'.
        var listed = File.ReadLines(Path.Combine(RepoPaths.Golden, "keys", "resnet18-cw-cifar10-T6.txt"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => (Shape: f[1].Replace("[6, ", "[2, "), Dtype: f[2]));

        using var checkpoint = TorchCheckpointReader.Read(GoldenCheckpoint);

        Assert.Equal(listed.Keys.Order(), checkpoint.StateDict.Keys.Order());
        foreach (var (key, tensor) in checkpoint.StateDict)
        {
            Assert.Equal(listed[key].Shape, $"[{string.Join(", ", tensor.shape)}]");
            Assert.Equal(listed[key].Dtype, tensor.dtype == ScalarType.Int64 ? "int64" : "float32");
        }
    }

    [Fact]
    public void Reads_bare_state_dict()
    {
        using var dir = new TempFolder();
        var path = dir.File("bare.pth");
        using var weight = ones(2, 3);
        TorchCheckpointWriter.Write(path, new Dictionary<string, object?> { ["fc.weight"] = weight });

        using var checkpoint = TorchCheckpointReader.Read(path);

        Assert.Equal(["fc.weight"], checkpoint.StateDict.Keys);
        Assert.Empty(checkpoint.Extra);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-checkpoint-" + Guid.NewGuid().ToString("N") + ".pth");

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_folder_is_named_as_a_folder()
    {
        using var dir = new TempFolder();

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(dir.Path));

        Assert.Contains($"'{dir.Path}' is a folder, not a checkpoint file", error.Message);
    }

    [Fact]
    public void Legacy_format_asks_to_resave()
    {
        using var dir = new TempFolder();
        var path = dir.File("legacy.pth");
        // What torch.save(..., _use_new_zipfile_serialization=False) starts with: PROTO 2, then the magic number as a
        // LONG1.
        File.WriteAllBytes(
            path,
            [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]
        );

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("legacy", error.Message);
        Assert.Contains("torch>=1.6", error.Message);
    }

    [Fact]
    public void Truncated_zip_is_reported_as_corrupt()
    {
        using var dir = new TempFolder();
        var path = dir.File("truncated.pth");
        using var weight = ones(64, 64);
        TorchCheckpointWriter.Write(path, new Dictionary<string, object?> { ["w"] = weight });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("corrupt or truncated", error.Message);
    }

    [Fact]
    public void A_zip_without_data_pkl_is_rejected()
    {
        using var dir = new TempFolder();
        var path = dir.File("other.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open()))
            writer.Write("not a checkpoint");

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("data.pkl", error.Message);
    }

    [Fact]
    public void Non_zip_file_is_rejected()
    {
        using var dir = new TempFolder();
        var path = dir.File("notes.txt");
        File.WriteAllText(path, "hello, not a checkpoint");

        var error = Assert.Throws<CheckpointException>(() => TorchCheckpointReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a zip archive", error.Message);
    }
}
