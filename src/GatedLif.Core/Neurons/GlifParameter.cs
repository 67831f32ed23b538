namespace GatedLif.Neurons;

/// <summary>
/// One learnable quantity of a GLIF neuron under its <c>state_dict</c> name (the reference's attribute name, the
/// last part of a key such as <c>layer1.0.spike1.alpha</c>), with its symbol and what it does in the membrane update.
/// The gates α, β, γ choose between the membrane's mechanisms; the others are the membrane's own constants.
/// </summary>
public sealed record GlifParameter(string Name, bool IsGate, string Symbol, string Role)
{
    /// <summary>The <c>state_dict</c> names as constants, for attributes (<c>[ComponentName]</c>) and
    /// switches.</summary>
    public static class Names
    {
        public const string Alpha = "alpha",
            Beta = "beta",
            Gamma = "gamma",
            Tau = "tau",
            Vth = "Vth",
            Leak = "leak",
            ReVth = "reVth",
            Conduct = "conduct";
    }

    public static readonly GlifParameter Alpha = new(
        Names.Alpha,
        true,
        "α",
        "multiplicative (τ) vs. linear (leak) decay gate"
    );
    public static readonly GlifParameter Beta = new(Names.Beta, true, "β", "time-dependent input conductance gate");
    public static readonly GlifParameter Gamma = new(Names.Gamma, true, "γ", "hard vs. soft reset gate");
    public static readonly GlifParameter Tau = new(Names.Tau, false, "τ", "multiplicative membrane decay");
    public static readonly GlifParameter Vth = new(Names.Vth, false, "Vth", "firing threshold");
    public static readonly GlifParameter Leak = new(Names.Leak, false, "leak", "linear membrane leak");
    public static readonly GlifParameter ReVth = new(Names.ReVth, false, "reVth", "soft-reset potential");
    public static readonly GlifParameter Conduct = new(
        Names.Conduct,
        false,
        "conduct",
        "input conductance (all steps)"
    );

    /// <summary>How a figure titles it: symbol and role.</summary>
    public string Title => $"{Symbol}: {Role}";

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
