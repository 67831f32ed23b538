using System.Collections;
using GatedLif.Checkpoints;
using static TorchSharp.torch;

namespace GatedLif.Tests.TestSupport;

/// <summary>Two checkpoint files hold the same state: the same keys, and every tensor equal, or for floating-point
/// tensors within an absolute tolerance. One failure lists every entry that differs.</summary>
internal static class CheckpointAssert
{
    public static void Same(string expectedFile, string actualFile, string stateDictKey = "state_dict") =>
        Close(expectedFile, actualFile, tolerance: 0, stateDictKey);

    public static void Close(
        string expectedFile,
        string actualFile,
        double tolerance,
        string stateDictKey = "state_dict"
    )
    {
        using var expected = TorchCheckpointReader.Read(expectedFile, stateDictKey);
        using var actual = TorchCheckpointReader.Read(actualFile, stateDictKey);
        Assert.Equal(expected.StateDict.Keys.Order(), actual.StateDict.Keys.Order());
        var differing = new List<string>();
        foreach (var (key, value) in expected.StateDict)
        {
            var other = actual.StateDict[key];
            if (tolerance == 0 || !value.is_floating_point())
            {
                if (!value.eq(other).all().item<bool>())
                    differing.Add(key);
                continue;
            }
            double difference = (value - other).abs().max().item<float>();
            if (difference > tolerance)
                differing.Add($"{key} by {difference}");
        }
        Assert.True(
            differing.Count == 0,
            $"{expectedFile} and {actualFile} differ beyond {tolerance} in: {string.Join(", ", differing)}"
        );
    }

    /// <summary>The same weights and the same training state: epoch, every optimiser buffer and group learning rate,
    /// and the scheduler's rates, bit for bit.</summary>
    public static void SameTrainingState(string expectedFile, string actualFile, string stateDictKey = "state_dict")
    {
        Same(expectedFile, actualFile, stateDictKey);
        using var expected = TorchCheckpointReader.Read(expectedFile, stateDictKey);
        using var actual = TorchCheckpointReader.Read(actualFile, stateDictKey);
        Assert.Equal(Convert.ToInt32(expected.Extra["epoch"]), Convert.ToInt32(actual.Extra["epoch"]));
        var (e, a) = ((IDictionary)expected.Extra["optimizer"]!, (IDictionary)actual.Extra["optimizer"]!);
        var (eStates, aStates) = ((IDictionary)e["state"]!, (IDictionary)a["state"]!);
        Assert.Equal(eStates.Count, aStates.Count);
        foreach (var index in eStates.Keys)
        foreach (DictionaryEntry entry in (IDictionary)eStates[index]!)
            if (entry.Value is Tensor t)
                Assert.True(
                    t.eq((Tensor)((IDictionary)aStates[index]!)[entry.Key]!).all().item<bool>(),
                    $"optimiser state {index}.{entry.Key} differs"
                );
        Assert.Equal(Rates(e["param_groups"]), Rates(a["param_groups"]));
        Assert.Equal(
            ((IList)((IDictionary)expected.Extra["lr_scheduler"]!)["_last_lr"]!).Cast<double>(),
            ((IList)((IDictionary)actual.Extra["lr_scheduler"]!)["_last_lr"]!).Cast<double>()
        );

        static IEnumerable<double> Rates(object? groups) =>
            ((IList)groups!).Cast<IDictionary>().Select(g => Convert.ToDouble(g["lr"]));
    }
}
