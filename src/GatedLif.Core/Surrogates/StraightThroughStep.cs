using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// Hard gate: step(p &gt; 0.5) forward, identity backward (straight-through estimator), the reference's
/// <c>ArchAct</c>. Applied to σ(gate parameter).
/// </summary>
internal sealed class StraightThroughStep : autograd.SingleTensorFunction<StraightThroughStep>
{
    public const double Threshold = 0.5;

    public override string Name => nameof(StraightThroughStep);

    public static Tensor Binarize(Tensor probability) => CustomFunctionOutputs.Release(apply(probability));

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var p = (Tensor)vars[0];
        CustomFunctionOutputs.Track(ctx);
        return p.gt(Threshold).to_type(p.dtype);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) => [grad_output.clone()];
}
