using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// Heaviside spike H(z) = 1 if z ≥ 0 (inclusive), with the sigmoid surrogate gradient
/// dH/dz = α σ(αz) (1 - σ(αz)) — SpikingJelly 0.0.0.0.10's <c>surrogate.Sigmoid</c> (α = 4 by default), the
/// surrogate its parametric LIF neuron uses unless given another. The backward pass keeps SpikingJelly's order of
/// operations, <c>grad · (1 - σ) · σ · α</c>.
/// </summary>
internal sealed class SigmoidSpike : autograd.SingleTensorFunction<SigmoidSpike>
{
    /// <summary>SpikingJelly's default α of <c>surrogate.Sigmoid</c>.</summary>
    public const double DefaultAlpha = 4.0;

    public override string Name => nameof(SigmoidSpike);

    /// <summary>Spikes of <paramref name="z"/> = v - V_threshold.</summary>
    public static Tensor Fire(Tensor z, double alpha = DefaultAlpha) => CustomFunctionOutputs.Release(apply(z, alpha));

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var z = (Tensor)vars[0];
        ctx.save_for_backward([z]);
        ctx.save_data("alpha", vars[1]);
        CustomFunctionOutputs.Track(ctx);
        return z.ge(0.0).to_type(z.dtype);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var z = ctx.get_saved_variables()[0];
        var alpha = (double)ctx.get_data("alpha");
        using var scope = NewDisposeScope();
        var sigmoid = (z * alpha).sigmoid_();
        var grad = grad_output * (1.0 - sigmoid) * sigmoid * alpha;
        // α is not a tensor input, so its slot gets no gradient.
        return [grad.MoveToOuterDisposeScope(), null!];
    }
}
