using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Models;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class NeuronImplementationFlagTests
{
    private static GlifSettings Glif(params string[] args) =>
        ModelSelection.From(new TrainPyCommandLine().Parse(["--stand18", "--channel-wise", .. args])).Glif;

    [Fact]
    public void Neuron_impl_selects_the_time_loop_and_defaults_to_fused()
    {
        Assert.Equal(NeuronImplementation.Fused, Glif().Implementation);
        Assert.Equal(NeuronImplementation.Unrolled, Glif("--neuron-impl", "unrolled").Implementation);
        Assert.Equal(NeuronImplementation.FusedTensorOps, Glif("--neuron-impl", "fused-ops").Implementation);
        var e = Assert.Throws<UsageException>(() => Glif("--neuron-impl", "fast"));
        Assert.Contains("--neuron-impl", e.Message);
        // The network's neurons follow the setting.
        using var model = ModelFactory.Create(
            ModelSelection.From(
                new TrainPyCommandLine().Parse(["--stand18", "--channel-wise", "--t", "1", "--neuron-impl", "unrolled"])
            )
        );
        Assert.All(model.modules().OfType<GlifNeuron>(), n =>
            Assert.Equal(NeuronImplementation.Unrolled, n.Implementation)
        );
    }
}
