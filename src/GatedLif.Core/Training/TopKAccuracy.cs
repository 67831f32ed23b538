using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// The reference's <c>accuracy(output, target, topk)</c>: for each k, the percentage of the batch whose target
/// is among the k largest logits, computed in float32 as <c>correct_k * (100 / batch)</c>.
/// </summary>
public static class TopKAccuracy
{
    public static double[] Percentages(Tensor logits, Tensor targets, params int[] ks)
    {
        using var scope = NewDisposeScope();
        int maxK = (int)Math.Min(ks.Max(), logits.shape[1]);
        long batch = targets.shape[0];
        var (_, predicted) = logits.topk(maxK, dim: 1, largest: true, sorted: true);
        var correct = predicted.t().eq(targets.reshape(1, -1).expand_as(predicted.t()));
        var result = new double[ks.Length];
        for (int i = 0; i < ks.Length; i++)
        {
            int k = Math.Min(ks[i], maxK);
            var hits = correct[..k].reshape(-1).to_type(float32).sum();
            result[i] = hits.mul_(100.0 / batch).item<float>();
        }
        return result;
    }
}
