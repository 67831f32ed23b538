using GatedLif.Surrogates;
using static TorchSharp.torch;

namespace GatedLif.Kernels;

/// <summary>
/// All T steps of the GLIF membrane update at once (see <c>StepCoefficients</c>) and their
/// backpropagation through time. Coefficient tensors come detached.
/// </summary>
internal interface IMembraneKernel
{
    /// <summary>Spikes o [T, B, ...] of input x; when <paramref name="membrane"/> is given (shaped like x) it
    /// receives every u_t for the backward pass.</summary>
    Tensor Forward(Tensor x, MembraneCoefficients k, Tensor? membrane);

    /// <summary>
    /// Gradients from dL/do_t (<paramref name="gradSpikes"/>), walking t = T-1 .. 0 with du = dL/du_t:
    /// <code>
    /// do_t = g_t + du_{t+1} (-γ D_{t+1} u_t - R_{t+1})        (both reset terms read o_t)
    /// du_t = do_t [|u_t - θ_t| &lt; h] + du_{t+1} D_{t+1} (1 - γ o_t)
    /// dx_t = du_t G_t;  dG_t = Σ du_t x_t;  dL_t = -Σ du_t;  dθ_t = -Σ do_t [|u_t - θ_t| &lt; h]
    /// t &gt; 0: dD_t = Σ du_t u_{t-1} (1 - γ o_{t-1});  dR_t = -Σ du_t o_{t-1};  dγ = -Σ_t Σ du_t D_t u_{t-1} o_{t-1}
    /// </code>
    /// with γ = 1 for GLIF_f and h the <paramref name="surrogate"/>'s half-width; sums run over every element sharing
    /// the coefficient. o_t is recomputed as H(u_t - θ_t), bit-identical to the forward's.
    /// </summary>
    MembraneGradients Backward(
        Tensor x,
        Tensor membrane,
        MembraneCoefficients k,
        Tensor gradSpikes,
        RectangularSurrogate surrogate
    );
}
