namespace GatedLif.Neurons;

/// <summary>
/// The initial neuron quantities (before the logit transform) that the reference keeps as module constants.
/// </summary>
/// <param name="Tau">Multiplicative decay τ.</param>
/// <param name="Vth">Firing threshold, also the reset value reVth.</param>
/// <param name="LinearDecay">Linear leak.</param>
/// <param name="Conduct">Input conductance, every time step.</param>
public sealed record GlifConstants(double Tau, double Vth, double LinearDecay, double Conduct)
{
    /// <summary>
    /// Static-image code (CIFAR, ImageNet): steps = 4, Vth = 0.5, tau = 0.25, conduct = 0.5 and
    /// linear_decay = Vth / (steps * 2), computed from the constant 4, not from --t.
    /// </summary>
    public static GlifConstants StaticImage { get; } = new(0.25, 0.5, 0.5 / (4 * 2), 0.5);

    /// <summary>CIFAR10-DVS code: steps = 16, Vth = 0.99999, tau = 0.5, conduct = 0.9.</summary>
    public static GlifConstants Dvs { get; } = new(0.5, 0.99999, 0.99999 / (16 * 2), 0.9);
}
