using GatedLif.Layers.Convolutions.AutoTuning;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// The choice of kernel of one convolution (or linear layer) that reads spikes: what it reads, the
/// implementation set on the model (<see cref="ConvolutionRoutes.Use"/>), the auto choice, and, while
/// <see cref="MeasuresDensity"/> is on, the density of its inputs. Not part of the module's state.
/// </summary>
public sealed class ConvolutionRoute(SpikeInput input)
{
    private ConvolutionImplementation _implementation = ConvolutionImplementation.Dense;

    public SpikeInput Input { get; } = input;

    /// <summary>The layer's name in the model, for messages.</summary>
    public string Name { get; set; } = "a spike-input convolution";

    /// <summary>Setting it starts a fresh auto choice.</summary>
    public ConvolutionImplementation Implementation
    {
        get => _implementation;
        set
        {
            _implementation = value;
            Auto = new AutoChoice();
        }
    }

    internal AutoChoice Auto { get; private set; } = new();

    /// <summary>Set on the ranks of a data-parallel run: the density every rank's auto choice plans from, given
    /// this rank's (their mean, so the ranks plan alike). A collective: every rank's first call makes it.</summary>
    public Func<double, double>? DensityAgreement { get; set; }

    /// <summary>When set, times both kernels on the next call's input (<see cref="CrossoverProbe"/>).</summary>
    internal CrossoverProbe? Probe { get; set; }

    /// <summary>When on, every call's input is checked against <see cref="Input"/> (<see
    /// cref="SpikeInputCheck"/>).</summary>
    public bool ChecksInput { get; set; } = SpikeInputCheck.Default;

    /// <summary>When on, every call adds its input to <see cref="Density"/> (a pass over the input).</summary>
    public bool MeasuresDensity { get; set; }

    internal DensityMeter Density { get; private set; } = new();

    public void ResetDensity() => Density = new DensityMeter();

    /// <summary>Every call's input, on any device: the debug check, and the density while measured.</summary>
    public void Observe(Tensor input)
    {
        if (ChecksInput)
            SpikeInputCheck.Verify(this, input);
        if (MeasuresDensity)
            Density.Add(input);
    }

    /// <summary>The plan of a float32 CPU call with this input and weight.</summary>
    public ConvolutionPlan PlanFor(Tensor input, Tensor weight) =>
        Implementation switch
        {
            ConvolutionImplementation.Dense => ConvolutionPlan.Dense,
            ConvolutionImplementation.Spike => ConvolutionPlan.Spike,
            ConvolutionImplementation.Auto => Auto.PlanFor(
                input,
                weight,
                is_grad_enabled() && (input.requires_grad || weight.requires_grad),
                DensityAgreement
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(Implementation), Implementation, null),
        };
}
