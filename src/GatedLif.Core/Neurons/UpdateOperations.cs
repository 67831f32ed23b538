using System.Text.Json.Serialization;

namespace GatedLif.Neurons;

/// <summary>
/// Arithmetic one neuron performs per time step at inference, with its per-channel (and per-step) coefficients
/// computed once per pass and the previous spike o ∈ {0, 1} used as a selection, not a multiplication. A lone
/// multiplication counts as a multiply-add (costed at E_MAC); additions and the threshold comparison count as
/// accumulates (E_AC).
/// </summary>
public readonly record struct UpdateOperations(
    [property: JsonPropertyName("macs")] int MultiplyAdds,
    [property: JsonPropertyName("acs")] int Additions
)
{
    /// <summary>
    /// GLIF (layer-wise, channel-wise and GLIF_f alike): the input gate g_t·x_t with g_t = 1 - β(1 - conduct_t)
    /// (1 multiply); the decay d·u + g_t·x_t with d = 1 - α(1 - τ), times (1 - γ) after a spike (1 multiply-add; the
    /// two values of d are precomputed); the linear leak and soft reset, - ((1 - α) leak + (1 - γ) reVth·o) (1
    /// addition, both values precomputed); the threshold u &gt; Vth (1 comparison).
    /// </summary>
    public static readonly UpdateOperations Glif = new(2, 2);

    /// <summary>
    /// Plain LIF, <c>u_t = τ u_{t-1} (1 - o_{t-1}) + x_t</c>: the decay and input τ·u + x (1 multiply-add; after a
    /// spike u is x) and the threshold (1 comparison).
    /// </summary>
    public static readonly UpdateOperations PlainLif = new(1, 1);

    /// <summary>
    /// SpikingJelly's parametric LIF (the CIFAR10-DVS baseline), <c>h_t = v + (x_t - v)·k</c> with k = σ(w) computed
    /// once per pass: the difference x_t - v (1 addition) and the multiply-add (1), the threshold (1 comparison);
    /// the hard reset to 0 is a selection by the spike.
    /// </summary>
    public static readonly UpdateOperations ParametricLif = new(1, 2);
}
