using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Floating-point operations of a network's convolutions and linear layers in one forward pass: 2 × (multiply-adds
/// per output element = weight elements / output channels) × output elements. The models run these layers inside
/// <see cref="TimeDistributed"/> containers through <see cref="LayerCall"/>, not through the layers' own call, so
/// the count hooks the containers and follows the input's shape through their layers.
/// </summary>
public static class FlopCounter
{
    public static double Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        double flops = 0;
        var removers = new List<Action>();
        foreach (var module in model.modules())
        {
            if (module is not TimeDistributed container) continue;
            var hook = container.register_forward_pre_hook((_, x) =>
            {
                flops += Count(container, x.shape[2..], x.shape[0] * x.shape[1]);
                return x;
            });
            removers.Add(hook.remove);
        }
        using (no_grad())
        using (var scope = NewDisposeScope())
            model.call(input);
        foreach (var remove in removers) remove();
        return flops;
    }

    /// <summary>The container's convolutions and linear layers for <paramref name="items"/> inputs of
    /// <paramref name="shape"/>; layers between them (normalisation) keep the shape, and counting stops at any other.</summary>
    private static double Count(TimeDistributed container, long[] shape, long items)
    {
        double flops = 0;
        foreach (var layer in container.Layers)
        {
            switch (layer)
            {
                case Conv2d conv:
                    var (height, width) = ConvolutionGeometry.Of(conv).OutputSize(shape[1], shape[2], conv.kernel_size[0], conv.kernel_size[1]);
                    shape = [conv.out_channels, height, width];
                    flops += 2.0 * conv.weight!.numel() / conv.out_channels * items * shape.Aggregate(1L, (a, b) => a * b);
                    break;
                case Linear linear:
                    shape = [.. shape[..^1], linear.weight!.shape[0]];
                    flops += 2.0 * linear.weight.numel() / linear.weight.shape[0] * items * shape.Aggregate(1L, (a, b) => a * b);
                    break;
                case TdBatchNorm or BatchNorm2d:
                    break;
                default:
                    return flops;
            }
        }
        return flops;
    }
}
