using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Benchmarks;

/// <summary>
/// Floating-point operations of a network's convolutions and linear layers in one forward pass, counted by
/// forward hooks: 2 × (multiply-adds per output element = weight elements / output channels) × output elements.
/// </summary>
public static class FlopCounter
{
    public static double Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        double flops = 0;
        var removers = new List<Action>();
        foreach (var module in model.modules())
        {
            if (module is not (Conv2d or Linear)) continue;
            var layer = (nn.Module<Tensor, Tensor>)module;
            var weight = module.named_parameters(recurse: false).First(p => p.name == "weight").parameter;
            double macsPerOutput = (double)weight.numel() / weight.shape[0];
            var hook = layer.register_forward_hook((_, _, output) =>
            {
                flops += 2 * macsPerOutput * output.numel();
                return output;
            });
            removers.Add(hook.remove);
        }
        using (no_grad())
        using (var scope = NewDisposeScope())
            model.call(input);
        foreach (var remove in removers) remove();
        return flops;
    }
}
