using GatedLif.Checkpoints;

namespace GatedLif.Tests.TestSupport;

/// <summary>Two checkpoint files hold the same state: the same keys, and every tensor equal, or for floating-point
/// tensors within an absolute tolerance. One failure lists every entry that differs.</summary>
internal static class CheckpointAssert
{
    public static void Same(string expectedFile, string actualFile) => Close(expectedFile, actualFile, tolerance: 0);

    public static void Close(string expectedFile, string actualFile, double tolerance)
    {
        using var expected = TorchCheckpointReader.Read(expectedFile);
        using var actual = TorchCheckpointReader.Read(actualFile);
        Assert.Equal(expected.StateDict.Keys.Order(), actual.StateDict.Keys.Order());
        var differing = new List<string>();
        foreach (var (key, value) in expected.StateDict)
        {
            var other = actual.StateDict[key];
            if (tolerance == 0 || !value.is_floating_point())
            {
                if (!value.eq(other).all().item<bool>()) differing.Add(key);
                continue;
            }
            double difference = (value - other).abs().max().item<float>();
            if (difference > tolerance) differing.Add($"{key} by {difference}");
        }
        Assert.True(differing.Count == 0,
            $"{expectedFile} and {actualFile} differ beyond {tolerance} in: {string.Join(", ", differing)}");
    }
}
