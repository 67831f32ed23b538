using GatedLif.Cli.Summaries;
using GatedLif.Neurons;

namespace GatedLif.Tests.TestSupport;

/// <summary>GLIF parameter records of a made-up run, for the figures.</summary>
public static class SampleGlifRecords
{
    /// <summary>The GLIF layers of ResNet-18: the stem's neuron and two per block.</summary>
    public static readonly string[] Layers =
    [
        "conv1.1",
        .. Enumerable.Range(0, 8).SelectMany(b => new[] { $"features.{b}.body.1", $"features.{b}.lif" }),
    ];

    /// <summary>Channel-wise records of <see cref="Layers"/> (4 channels, T = 2) over epochs 0..3: layer i's α
    /// drifts by (i - 8) / 100 per epoch, the other parameters stay where they started.</summary>
    public static GlifParameterRecords ResNet18()
    {
        var epochs = Enumerable
            .Range(0, 4)
            .Select(e => new EpochRecord(
                e,
                e == 0
                    ? new Dictionary<string, double>()
                    : new Dictionary<string, double> { ["others"] = 0.1 / e, ["gates"] = 0.01 / e },
                Layers
                    .Select(
                        (layer, i) =>
                            new LayerRecord(
                                layer,
                                i == 0 ? null : i - 1,
                                GlifParameter.All.ToDictionary(
                                    q => q.Name,
                                    q =>
                                        q == GlifParameter.Conduct
                                            ? new RecordedTensor([2, 4], Enumerable.Repeat(0f, 8).ToArray())
                                            : new RecordedTensor(
                                                [4],
                                                Enumerable
                                                    .Range(0, 4)
                                                    .Select(c =>
                                                        (q == GlifParameter.Alpha ? (i - 8) * e / 100f : 0f) + c / 100f
                                                    )
                                                    .ToArray()
                                            )
                                )
                            )
                    )
                    .ToList()
            ))
            .ToList();
        return new GlifParameterRecords(GlifParameterRecords.CurrentFormat, "resnet18", epochs);
    }
}
