namespace GatedLif.Cli.Plotting;

/// <summary>How the figures name a GLIF parameter: its symbol and what it does in the membrane update.</summary>
public static class GlifQuantity
{
    public static string Title(string name) => name switch
    {
        "alpha" => "α: multiplicative (τ) vs. linear (leak) decay gate",
        "beta" => "β: time-dependent input conductance gate",
        "gamma" => "γ: hard vs. soft reset gate",
        "tau" => "τ: multiplicative membrane decay",
        "Vth" => "Vth: firing threshold",
        "leak" => "leak: linear membrane leak",
        "reVth" => "reVth: soft-reset potential",
        "conduct" => "conduct: input conductance (all steps)",
        _ => name,
    };

    public static string Symbol(string name) => name switch
    {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "tau" => "τ",
        _ => name,
    };
}
