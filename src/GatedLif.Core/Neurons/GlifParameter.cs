namespace GatedLif.Neurons;

/// <summary>
/// One learnable quantity of a GLIF neuron under its <c>state_dict</c> name (the reference's attribute name, the
/// last part of a key such as <c>layer1.0.spike1.alpha</c>). The gates α, β, γ choose between the membrane's
/// mechanisms; the others are the membrane's own constants.
/// </summary>
public sealed record GlifParameter(string Name, bool IsGate)
{
    public static readonly GlifParameter Alpha = new("alpha", IsGate: true);
    public static readonly GlifParameter Beta = new("beta", IsGate: true);
    public static readonly GlifParameter Gamma = new("gamma", IsGate: true);
    public static readonly GlifParameter Tau = new("tau", IsGate: false);
    public static readonly GlifParameter Vth = new("Vth", IsGate: false);
    public static readonly GlifParameter Leak = new("leak", IsGate: false);
    public static readonly GlifParameter ReVth = new("reVth", IsGate: false);
    public static readonly GlifParameter Conduct = new("conduct", IsGate: false);

    /// <summary>Every GLIF parameter, in the order the paper and the figures show them.</summary>
    public static IReadOnlyList<GlifParameter> All { get; } = [Alpha, Beta, Gamma, Tau, Vth, Leak, ReVth, Conduct];

    /// <summary>The gates α, β, γ, in the order the reference redraws them (<c>utils.randomize_gate</c>).</summary>
    public static IReadOnlyList<GlifParameter> Gates { get; } = [.. All.Where(p => p.IsGate)];

    /// <summary>
    /// Every GLIF variant owns a γ (GLIF_f keeps it unused) and no other module does: a module owning one is a GLIF
    /// neuron.
    /// </summary>
    public static GlifParameter Marker => Gamma;

    /// <summary>The parameter a <c>state_dict</c> name (its last part) stands for; null for any other name.</summary>
    public static GlifParameter? Named(string name) => All.FirstOrDefault(p => p.Name == name);
}
