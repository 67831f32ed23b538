using GatedLif.Layers.Convolutions;
using GatedLif.Layers.Convolutions.AutoTuning;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Layers.Convolutions.AutoTuning;

/// <summary>auto decides at a layer's first call from that input's density, keeps the decision, agrees with the
/// other ranks through the density it is given, and takes a restored decision over its own.</summary>
public sealed class AutoChoiceTests
{
    private static readonly Tensor Weight = zeros(64, 64, 3, 3);
    private static readonly CrossoverRule Rule = CrossoverRule.For(Weight.shape, LibTorchCpu.Capability);

    private static Tensor Input(double density)
    {
        var x = zeros(1000);
        x[TensorIndex.Slice(0, (long)Math.Round(density * 1000))] = 1;
        return x;
    }

    [Fact]
    public void The_first_call_decides_from_its_density_and_later_calls_keep_it()
    {
        var choice = new AutoChoice();
        double sparse = Rule.Forward / 2;
        Assert.Equal(ConvolutionPlan.Spike, choice.PlanFor(Input(sparse), Weight, training: true));
        Assert.Equal(sparse, choice.Decision!.Density, 3);
        Assert.Equal(ConvolutionPlan.Spike, choice.PlanFor(Input(0.9), Weight, training: true));
        Assert.Equal(ConvolutionPlan.Spike, choice.PlanFor(Input(0.9), Weight, training: false));

        var dense = new AutoChoice();
        Assert.Equal(ConvolutionPlan.Dense, dense.PlanFor(Input(0.9), Weight, training: false));
        Assert.Equal(ConvolutionPlan.Dense, dense.PlanFor(Input(0), Weight, training: true));
    }

    [Fact]
    public void The_agreed_density_decides_not_this_ranks()
    {
        var choice = new AutoChoice();
        double seen = -1;
        choice.PlanFor(Input(0.9), Weight, training: true, agree: d =>
        {
            seen = d;
            return 0;
        });
        Assert.Equal(0.9, seen, 3);
        Assert.Equal(0, choice.Decision!.Density);
        Assert.Equal(ConvolutionPlan.Spike, choice.Decision.Training);
    }

    [Fact]
    public void A_restored_decision_stands_whatever_the_input()
    {
        var choice = new AutoChoice();
        choice.Restore(new AutoDecision(0.5, SpikeForward: false, SpikeWeightGradient: true));
        Assert.Equal(ConvolutionPlan.SpikeWeightGradient, choice.PlanFor(Input(0), Weight, training: true));
        Assert.Equal(ConvolutionPlan.Dense, choice.PlanFor(Input(0), Weight, training: false));
        Assert.Equal(0.5, choice.Decision!.Density);
    }
}
