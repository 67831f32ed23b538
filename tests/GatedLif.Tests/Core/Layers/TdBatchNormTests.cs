using GatedLif.Layers;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Layers;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class TdBatchNormTests
{
    private static (double[] Mean, double[] BiasedVar) Moments(float[] x, int n, int c, int hw)
    {
        var mean = new double[c];
        var variance = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            var values = Enumerable
                .Range(0, n)
                .SelectMany(i => Enumerable.Range(0, hw).Select(k => (double)x[(i * c + ch) * hw + k]))
                .ToArray();
            mean[ch] = values.Average();
            variance[ch] = values.Select(v => (v - mean[ch]) * (v - mean[ch])).Average();
        }
        return (mean, variance);
    }

    [Fact]
    public void Training_normalises_with_batch_statistics_scaled_by_alpha_Vth_and_tracks_unbiased_variance()
    {
        manual_seed(1);
        int n = 4,
            c = 2,
            h = 3,
            w = 3;
        var bn = new TdBatchNorm(c, alpha: 1 / Math.Sqrt(2));
        using (no_grad())
        {
            bn.Weight.copy_(tensor(new[] { 1.5f, -0.5f }));
            bn.Bias.copy_(tensor(new[] { 0.25f, 1f }));
        }
        var input = randn(n, c, h, w) * 2 + 1;
        bn.train();
        var y = bn.call(input).data<float>().ToArray();
        var x = input.data<float>().ToArray();
        var (mean, variance) = Moments(x, n, c, h * w);
        double scale = 0.5 / Math.Sqrt(2);
        double[] weight = [1.5, -0.5],
            bias = [0.25, 1];
        for (int i = 0; i < x.Length; i++)
        {
            int ch = i / (h * w) % c;
            double expected = scale * (x[i] - mean[ch]) / Math.Sqrt(variance[ch] + 1e-5) * weight[ch] + bias[ch];
            Assert.True(Math.Abs(expected - y[i]) < 1e-5, $"y[{i}] = {y[i]}, expected {expected}");
        }
        double count = n * h * w;
        for (int ch = 0; ch < c; ch++)
        {
            Assert.Equal(0.1 * mean[ch], bn.RunningMean[ch].item<float>(), 5);
            Assert.Equal(0.1 * variance[ch] * count / (count - 1) + 0.9, bn.RunningVar[ch].item<float>(), 5);
        }
        Assert.Equal(1L, bn.BatchesTracked.item<long>());
        bn.call(input);
        Assert.Equal(2L, bn.BatchesTracked.item<long>());
    }

    [Fact]
    public void Evaluation_uses_running_statistics_and_changes_no_state()
    {
        var bn = new TdBatchNorm(1);
        using (no_grad())
        {
            bn.RunningMean.copy_(tensor(new[] { 2f }));
            bn.RunningVar.copy_(tensor(new[] { 4f }));
        }
        bn.eval();
        var y = bn.call(full(new long[] { 1, 1, 1, 2 }, 3f)).data<float>().ToArray();
        double expected = 0.5 * (3 - 2) / Math.Sqrt(4 + 1e-5);
        Assert.All(y, v => Assert.Equal(expected, v, 6));
        Assert.Equal(0L, bn.BatchesTracked.item<long>());
        Assert.Equal(2f, bn.RunningMean.item<float>());
    }

    [Fact]
    public void State_has_batch_norm_names_and_the_Vth_buffer_unless_plain()
    {
        Assert.Equal(
            ["weight", "bias", "running_mean", "running_var", "num_batches_tracked", "Vth"],
            GatedLif.Checkpoints.ModuleStateOrder.OrderedStateDict(new TdBatchNorm(3)).Select(e => e.Key)
        );
        Assert.DoesNotContain("Vth", new TdBatchNorm(3, plain: true).state_dict().Keys);
        Assert.Equal(0.5f, new TdBatchNorm(3).state_dict()["Vth"].item<float>());
    }

    [Fact]
    public void Time_distributed_container_flattens_time_into_the_batch_and_back()
    {
        var td = new TimeDistributed(nn.Conv2d(2, 3, 1, bias: false), new TdBatchNorm(3));
        var y = td.call(randn(new long[] { 4, 5, 2, 6, 6 }));
        Assert.Equal([4L, 5, 3, 6, 6], y.shape);
        Assert.Equal(["0.weight", "1.weight", "1.bias"], td.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Direct_encoding_repeats_the_image_and_read_out_averages_over_time()
    {
        var image = arange(6f).reshape(1, 1, 2, 3);
        var seq = DirectEncoding.Encode(image, 3);
        Assert.Equal([3L, 1, 1, 2, 3], seq.shape);
        Assert.True(seq[2].eq(image).all().item<bool>());
        var logits = tensor(new[] { 1f, 2f, 3f, 5f }).reshape(2, 1, 2);
        Assert.Equal([2f, 3.5f], DirectEncoding.ReadOut(logits).data<float>().ToArray());
    }
}
