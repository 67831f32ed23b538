using GatedLif.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>
/// The reference's <c>_initialize_weights</c>: convolutions kaiming-normal (fan_out, ReLU), batch norms weight 1,
/// bias 0, running mean 0, linear layers normal(0, 0.01); visited in module order as the reference does, so the
/// draws from torch's generator come in the same sequence.
/// </summary>
public static class WeightInit
{
    public const double LinearStd = 0.01;

    public static void Apply(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(
                        conv.weight,
                        mode: nn.init.FanInOut.FanOut,
                        nonlinearity: nn.init.NonlinearityType.ReLU
                    );
                    if (conv.bias is not null)
                        nn.init.zeros_(conv.bias);
                    break;
                case TdBatchNorm bn:
                    nn.init.ones_(bn.Weight);
                    nn.init.zeros_(bn.Bias);
                    nn.init.zeros_(bn.RunningMean);
                    break;
                case Linear linear:
                    nn.init.normal_(linear.weight, 0, LinearStd);
                    if (linear.bias is not null)
                        nn.init.zeros_(linear.bias);
                    break;
            }
        }
    }
}
