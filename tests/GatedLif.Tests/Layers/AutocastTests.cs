using GatedLif.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Layers;

/// <summary>Autocast regions on the CPU with bfloat16 (the CUDA path uses float16 the same way).</summary>
public sealed class AutocastTests
{
    [Fact]
    public void Convolutions_and_linear_layers_compute_in_low_precision_and_return_float32()
    {
        manual_seed(3);
        var layers = new TimeDistributed(nn.Conv2d(3, 4, 3, padding: 1, bias: false), new TdBatchNorm(4), nn.Flatten(), nn.Linear(4 * 5 * 5, 6));
        var x = randn([2, 3, 3, 5, 5]);
        var exact = layers.call(x);
        Tensor low;
        using (Autocast.Enable(ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, Autocast.LowPrecision);
            low = layers.call(x);
        }
        Assert.Null(Autocast.LowPrecision);
        Assert.Equal(ScalarType.Float32, low.dtype);
        Assert.Equal(exact.shape, low.shape);
        // bfloat16 keeps 8 bits of mantissa: close to float32, but not equal.
        Assert.False(exact.eq(low).all().item<bool>());
        Assert.True((exact - low).abs().max().item<float>() < 0.1f * exact.abs().max().item<float>());

        low.sum().backward();
        foreach (var (name, p) in layers.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.True(p.grad is not null && p.grad.dtype == ScalarType.Float32, $"{name}: float32 gradient");
        }
    }
}
