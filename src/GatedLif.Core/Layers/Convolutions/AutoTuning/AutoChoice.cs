using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>
/// <see cref="ConvolutionImplementation.Auto"/> for one convolution: its first call measures the input's density
/// (averaged over the ranks of a data-parallel run, so they plan alike) and decides each direction by
/// <see cref="CrossoverRule"/>; that call and every later one use the decision. A decision saved with a checkpoint is
/// restored on resume (<see cref="ConvolutionRoutes.Restore"/>), so a resumed run computes as the run it continues.
/// </summary>
internal sealed class AutoChoice
{
    public AutoDecision? Decision { get; private set; }

    public ConvolutionPlan PlanFor(Tensor input, Tensor weight, bool training, Func<double, double>? agree = null)
    {
        if (Decision is null)
        {
            double density = DensityMeter.Of(input);
            Decision = CrossoverRule
                .For(weight.shape, LibTorchCpu.Capability)
                .Decide(agree?.Invoke(density) ?? density);
        }
        return training ? Decision.Training : Decision.Evaluation;
    }

    public void Restore(AutoDecision decision) => Decision = decision;
}
