using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Surrogates;

/// <summary>
/// Heaviside spike H(z) = 1 if z &gt; 0 (strictly), with the rectangular-window surrogate gradient
/// dH/dz = 1 where |z| &lt; 0.5, else 0 — the reference's <c>SpikeAct_extended</c> as intended.
/// </summary>
public sealed class RectangularSpike : autograd.SingleTensorFunction<RectangularSpike>
{
    public const double HalfWidth = 0.5;

    public override string Name => nameof(RectangularSpike);

    /// <summary>Spikes of <paramref name="z"/> = u - Vth.</summary>
    public static Tensor Fire(Tensor z) => apply(z);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var z = (Tensor)vars[0];
        ctx.save_for_backward([z]);
        return z.gt(0.0).to_type(z.dtype);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var z = ctx.get_saved_variables()[0];
        using var window = z.abs().lt(HalfWidth);
        return [grad_output * window.to_type(grad_output.dtype)];
    }
}
