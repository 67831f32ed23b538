using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// Heaviside spike H(z) = 1 if z &gt; 0 (strictly), with the rectangular-window surrogate gradient
/// dH/dz = 1 where |z| &lt; half-width, else 0: the autograd function of <see cref="RectangularSurrogate"/>.
/// </summary>
internal sealed class RectangularSpike : autograd.SingleTensorFunction<RectangularSpike>
{
    private const string HalfWidthKey = "half_width";

    public override string Name => nameof(RectangularSpike);

    /// <summary>Spikes of <paramref name="z"/> = u - Vth.</summary>
    public static Tensor Fire(Tensor z, double halfWidth) => CustomFunctionOutputs.Release(apply(z, halfWidth));

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var z = (Tensor)vars[0];
        ctx.save_for_backward([z]);
        ctx.save_data(HalfWidthKey, vars[1]);
        CustomFunctionOutputs.Track(ctx);
        return z.gt(0.0).to_type(z.dtype);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var z = ctx.get_saved_variables()[0];
        using var window = z.abs().lt((double)ctx.get_data(HalfWidthKey));
        // The half-width is not a tensor input, so its slot gets no gradient.
        return [grad_output * window.to_type(grad_output.dtype), null!];
    }
}
