using GatedLif.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>
/// One direction of one convolution timed on this machine with both kernels, on an input of density
/// <see cref="Density"/>: the dense kernel, the spike kernel, and the spike kernel on an all-zero input (its fixed
/// cost: scanning, packing, reordering). The spike kernel's time grows linearly with the density from that fixed
/// cost, so the two meet at <see cref="CrossoverDensity"/>.
/// </summary>
internal sealed record SpikeCrossover(double Density, double DenseSeconds, double SpikeSeconds, double EmptySeconds)
{
    /// <summary>Timed runs per kernel; the fastest counts, as the least disturbed by other work.</summary>
    public const int Runs = 3;

    /// <summary>The spike kernel's time at <paramref name="density"/>, on the line through its two timings.</summary>
    public double SpikeSecondsAt(double density) =>
        Density == 0 ? EmptySeconds : EmptySeconds + (SpikeSeconds - EmptySeconds) * density / Density;

    /// <summary>The input density at which both kernels take the same time (infinite when the spike kernel's
    /// time does not grow with density, or its fixed cost alone exceeds the dense time: then 0).</summary>
    public double CrossoverDensity =>
        DenseSeconds <= EmptySeconds ? 0
        : SpikeSeconds <= EmptySeconds ? double.PositiveInfinity
        : Density * (DenseSeconds - EmptySeconds) / (SpikeSeconds - EmptySeconds);

    /// <summary>The forward pass of <paramref name="input"/> through both kernels.</summary>
    public static SpikeCrossover Forward(Tensor input, Tensor weight, ConvolutionGeometry g)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = input.detach();
        var w = weight.detach();
        var empty = zeros_like(x);
        return new SpikeCrossover(
            DensityMeter.Of(x),
            Fastest(() => Conv2dCall.Dense(w, null, g, x)),
            Fastest(() => SpikeConvolutionKernel.Forward(x, w, g)),
            Fastest(() => SpikeConvolutionKernel.Forward(empty, w, g))
        );
    }

    /// <summary>
    /// The weight gradient of <paramref name="input"/>'s convolution for a random output gradient: libtorch's
    /// backward pass of one recorded forward (the input needs no gradient, so it computes only the weight's)
    /// against the spike kernel.
    /// </summary>
    public static SpikeCrossover WeightGradient(Tensor input, Tensor weight, ConvolutionGeometry g)
    {
        using var scope = NewDisposeScope();
        var x = input.detach();
        var w = weight.detach().requires_grad_(true);
        var empty = zeros_like(x);
        Tensor output,
            gradOutput;
        using (enable_grad())
            output = Conv2dCall.Dense(w, null, g, x);
        using (no_grad())
            gradOutput = empty_like(output).normal_(generator: new Generator(0));
        double dense = Fastest(() =>
        {
            output.backward([gradOutput], retain_graph: true);
            var gradient = w.grad!;
            w.grad = null;
            return gradient;
        });
        return new SpikeCrossover(
            DensityMeter.Of(x),
            dense,
            Fastest(() => SpikeConvolutionKernel.WeightGradient(x, gradOutput, w.shape, g)),
            Fastest(() => SpikeConvolutionKernel.WeightGradient(empty, gradOutput, w.shape, g))
        );
    }

    private static double Fastest(Func<Tensor> run) => KernelTiming.Fastest(Runs, run);
}
