using GatedLif.Distributed;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>One pass over a test set: mean loss per sample, top-1 and top-5 as fractions (train.py's means of
/// per-batch percentages), the wall time, and how many samples the largest logit got right.</summary>
public sealed record EvaluationResult(double Loss, double Top1, double Top5, long Samples, double Seconds, long Correct)
{
    /// <summary>Correct predictions over samples (cifar10dvs/train.py's test_acc).</summary>
    public double Accuracy => Samples == 0 ? 0 : (double)Correct / Samples;

    /// <summary>
    /// The result over the samples of all ranks, each of which evaluated its own shard: sample-weighted means,
    /// the total count, and the ranks' mean wall time. Every rank gets the same result.
    /// </summary>
    public EvaluationResult Combined(ICollectives world)
    {
        if (world.WorldSize == 1)
            return this;
        using var sums = tensor(new[] { Loss * Samples, Top1 * Samples, Top5 * Samples, Samples, Correct }, float64);
        using var seconds = tensor(new[] { Seconds }, float64);
        world.AllReduce(sums);
        var s = sums.data<double>().ToArray();
        world.AllReduce(seconds, ReduceOp.Mean);
        double total = Math.Max(s[3], 1);
        return new EvaluationResult(
            s[0] / total,
            s[1] / total,
            s[2] / total,
            (long)s[3],
            seconds.item<double>(),
            (long)s[4]
        );
    }
}
