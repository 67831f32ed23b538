using System.Text.Json;
using GatedLif.Checkpoints;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// The reference run in ../shared/golden: what it reported (r18cw.json), its checkpoint in the network it fits
/// (ResNet-18 channel-wise, soft gates, T = 2, the flags of its evaluation command), and its 300 test images.
/// </summary>
internal static class GoldenRun
{
    public static readonly ModelSpec Spec = new(
        Architectures.ResNet18,
        NeuronKind.ChannelWise,
        10,
        new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true)
    );

    public static JsonElement Expected =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Golden, "r18cw.json"))).RootElement;

    public static string CheckpointPath =>
        Path.Combine(RepoPaths.Golden, Expected.GetProperty("checkpoint").GetString()!);

    /// <summary>The network with the checkpoint's weights, on the CPU.</summary>
    public static StaticImageNetwork Model()
    {
        var model = ModelFactory.Create(Spec);
        try
        {
            var path = CheckpointPath;
            using var checkpoint = TorchCheckpointReader.Read(path);
            StateDictLoader.Load(model, checkpoint.StateDict, path);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static CifarDataset TestImages() =>
        CifarDataset.Open(Path.Combine(RepoPaths.Golden, "cifar"), CifarVariant.Cifar10, CifarSplit.Test);

    /// <summary>The test set in file order, in batches of the evaluation's default --batch-size.</summary>
    public static CifarBatchSource TestSet() => new(TestImages(), batchSize: 72, training: false);
}
