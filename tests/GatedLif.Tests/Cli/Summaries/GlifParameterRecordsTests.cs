using System.Text.Json;
using GatedLif.Checkpoints;
using GatedLif.Cli.Summaries;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Summaries;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class GlifParameterRecordsTests
{
    private static string Golden => Path.Combine(RepoPaths.Golden, "r18cw-CIFAR10-step2.pth.tar");

    [GoldenFact]
    public void The_golden_checkpoint_gives_every_GLIF_parameter_of_every_layer_with_the_reference_layer_index()
    {
        using var checkpoint = TorchCheckpointReader.Read(Golden);

        var layers = GlifParameterCapture.Layers(checkpoint.StateDict);

        Assert.Equal(17, layers.Count);
        Assert.Equal(("conv1.1", (int?)null), (layers[0].Layer, layers[0].ReferenceLayer));
        // record_param files block i's body neuron under 2i and its output neuron under 2i + 1.
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (int?)i), layers.Skip(1).Select(l => l.ReferenceLayer));
        Assert.Equal(("features.3.body.1", (int?)6), (layers[7].Layer, layers[7].ReferenceLayer));
        Assert.All(layers, l => Assert.Equal(GlifParameter.All.Select(p => p.Name).Order(), l.Parameters.Keys.Order()));
        var conduct = layers[1].Parameters["conduct"];
        var expected = checkpoint.StateDict["features.0.body.1.conduct"];
        Assert.Equal(expected.shape, conduct.Shape);
        Assert.Equal(expected.data<float>().ToArray(), conduct.Raw);
        Assert.Equal(1 / (1 + Math.Exp(-conduct.Raw[5])), conduct.AfterSigmoid()[5], 12);
    }

    [GoldenFact]
    public void Records_round_trip_through_the_JSON_file_exactly()
    {
        using var work = new TempFolder();
        using var checkpoint = TorchCheckpointReader.Read(Golden);
        var layers = GlifParameterCapture.Layers(checkpoint.StateDict);
        var records = new GlifParameterRecords(GlifParameterRecords.CurrentFormat, "r18", [])
            .WithEpoch(new EpochRecord(0, new Dictionary<string, double>(), layers))
            .WithEpoch(new EpochRecord(1, new Dictionary<string, double> { ["others"] = 0.1, ["glif"] = 0.1 }, layers));
        var path = work.File("summaries", "r18", GlifParameterRecordsFile.FileName);

        GlifParameterRecordsFile.Write(path, records);
        var back = GlifParameterRecordsFile.Read(path);

        Assert.Equal(["glif-params.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal("r18", back.ModelTag);
        Assert.Equal([0, 1], back.Epochs.Select(e => e.Epoch));
        Assert.Equal(0.1, back.Epochs[1].LearningRates["glif"]);
        for (int i = 0; i < layers.Count; i++)
        {
            Assert.Equal(layers[i].Layer, back.Epochs[1].Layers[i].Layer);
            Assert.Equal(layers[i].ReferenceLayer, back.Epochs[1].Layers[i].ReferenceLayer);
            foreach (var (name, tensor) in layers[i].Parameters)
            {
                Assert.Equal(tensor.Shape, back.Epochs[1].Layers[i].Parameters[name].Shape);
                Assert.Equal(tensor.Raw, back.Epochs[1].Layers[i].Parameters[name].Raw);
            }
        }
        // Plain JSON that any tool reads: the documented field names.
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var first = json.RootElement.GetProperty("epochs")[1].GetProperty("layers")[1];
        Assert.Equal("features.0.body.1", first.GetProperty("layer").GetString());
        Assert.Equal(0, first.GetProperty("reference_layer").GetInt32());
        Assert.Equal(64, first.GetProperty("parameters").GetProperty("alpha").GetProperty("raw").GetArrayLength());
    }

    [Fact]
    public void A_later_epoch_replaces_those_from_it_on_as_a_resumed_run_does()
    {
        var records = new GlifParameterRecords(GlifParameterRecords.CurrentFormat, "t", []);
        foreach (var epoch in new[] { 0, 1, 2, 3, 2 })
            records = records.WithEpoch(new EpochRecord(epoch, new Dictionary<string, double>(), []));
        Assert.Equal([0, 1, 2], records.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void A_file_of_another_kind_is_one_clear_error_naming_it()
    {
        using var work = new TempFolder();
        var path = work.File("other.json");
        File.WriteAllText(path, """{"format": "something-else", "epochs": []}""");
        var error = Assert.Throws<InvalidDataException>(() => GlifParameterRecordsFile.Read(path));
        Assert.Contains(path, error.Message);
        File.WriteAllText(path, "not json");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => GlifParameterRecordsFile.Read(path)).Message);
    }
}
