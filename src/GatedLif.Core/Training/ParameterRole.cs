namespace GatedLif.Training;

/// <summary>How train.py treats a parameter in the optimiser, by the last part of its name.</summary>
public enum ParameterRole
{
    /// <summary>Weights, BatchNorm affine parameters: weight decay applies.</summary>
    Other,

    /// <summary>τ, Vth, leak, conduct, reVth of a GLIF neuron.</summary>
    Lif,

    /// <summary>The gates α, β, γ.</summary>
    Gate,
}
