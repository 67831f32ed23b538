using GatedLif.Cli.Summaries;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;

namespace GatedLif.Tests.Cli.Summaries;

public sealed class TensorBoardSummariesTests
{
    [Fact]
    public void The_CRC_reader_agrees_with_the_published_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Scalars_and_histograms_read_back_with_valid_framing_tags_steps_and_values()
    {
        using var work = new TempFolder();
        var folder = Path.Combine(work.Path, "summaries", "run");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var summaries = new TensorBoardSummaries(folder);
        summaries.Tested(
            3,
            new EvaluationResult(Loss: 0.75, Top1: 0.625, Top5: 0.875, Samples: 8, Seconds: 1, Correct: 5)
        );
        summaries.Trained(
            3,
            new TrainedEpoch(Epoch: 3, MeanBatchLoss: 1.25, MeanLoss: 1.3, Accuracy: 0.5, Images: 400, Seconds: 2),
            new Dictionary<string, double> { ["others"] = 0.05, ["glif"] = 0.025 }
        );
        var layer = new LayerRecord(
            "features.0.lif",
            1,
            new Dictionary<string, RecordedTensor> { ["alpha"] = new([4], [0f, 1f, -1f, 2f]), ["Vth"] = new([], [0f]) }
        );
        summaries.Parameters(3, [layer]);

        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.Contains("tfevents", Path.GetFileName(file));
        var events = EventFileReader.Read(file);
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.Equal("brain.Event:2", events[0].FileVersion);
        // TensorBoard reads wall_time as seconds since 1970, the file-version event's included.
        Assert.All(events, e => Assert.InRange(e.WallTime, before - 1, after + 1));
        var values = events.Skip(1).SelectMany(e => e.Values.Select(v => (e.Step, v))).ToList();
        Assert.All(values, v => Assert.Equal(3, v.Step));
        float Scalar(string tag) => Assert.Single(values, v => v.v.Tag == tag).v.SimpleValue!.Value;
        Assert.Equal(0.625f, Scalar("Top1_of_arch_0"));
        Assert.Equal(0.875f, Scalar("Top5_of_arch_0"));
        Assert.Equal(0.75f, Scalar("Test_Loss_/epoch"));
        Assert.Equal(0.625f, Scalar("Test_Acc_/epoch"));
        Assert.Equal(1.25f, Scalar("Train_Loss_/epoch"));
        Assert.Equal(200f, Scalar("Images_per_second/train"));
        Assert.Equal(0.05f, Scalar("Learning_Rate/others"));
        Assert.Equal(0.025f, Scalar("Learning_Rate/glif"));

        var alpha = Assert.Single(values, v => v.v.Tag == "features.0.lif.alpha").v.Histogram!;
        var sigmoid = new[] { 0.0, 1, -1, 2 }.Select(x => 1 / (1 + Math.Exp(-x))).ToArray();
        Assert.Equal(4, alpha.Num);
        Assert.Equal(sigmoid.Min(), alpha.Min, 12);
        Assert.Equal(sigmoid.Max(), alpha.Max, 12);
        Assert.Equal(sigmoid.Sum(), alpha.Sum, 12);
        Assert.Equal(sigmoid.Sum(x => x * x), alpha.SumSquares, 12);
        Assert.Equal(alpha.BucketLimits.Count, alpha.Buckets.Count);
        Assert.Equal(4, alpha.Buckets.Sum());
        Assert.True(alpha.BucketLimits[^1] >= sigmoid.Max());
        var vth = Assert.Single(values, v => v.v.Tag == "features.0.lif.Vth").v.Histogram!;
        Assert.Equal((1, 0.5, 0.5), (vth.Num, vth.Min, vth.Max));
    }
}
