using GatedLif.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Floating-point operations of a network's convolutions and linear layers in one forward pass:
/// 2 × (multiply-adds per output element = weight elements / output channels) × output elements. Counted through
/// <see cref="LayerObservation"/>: convolutions run through <c>Conv2dCall</c>, not <c>Module.call</c>, so forward hooks
/// on them never fire.
/// </summary>
public static class FlopCounter
{
    public static double Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var counter = new Counter();
        using (LayerObservation.Attach(counter))
        using (no_grad())
        using (var scope = NewDisposeScope())
            model.call(input);
        return counter.Flops;
    }

    private sealed class Counter : ILayerObserver
    {
        public double Flops { get; private set; }

        public void Observe(nn.Module<Tensor, Tensor> layer, Tensor input, Tensor output, long steps)
        {
            var weight = layer switch
            {
                Conv2d conv => conv.weight,
                Linear linear => linear.weight,
                _ => null,
            };
            if (weight is not null)
                Flops += 2.0 * weight.numel() / weight.shape[0] * output.numel();
        }
    }
}
