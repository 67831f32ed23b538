using System.Text.Json;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Statistics;

/// <summary>
/// The vectorised CPU pass (several threads; channel sums handed from a spiking layer to the convolutions that read
/// it) and the tensor operations count the same, exactly, on a network with every kind of layer input: an image stem,
/// spikes at 32x32 down to 4x4, strided shortcuts and pooled read-out layers.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CountingImplementationTests
{
    private static string Count(StaticImageNetwork model, Tensor images, CountingImplementation implementation)
    {
        using var statistics = SpikeStatisticsRecorder.Begin(model, model.TimeSteps, implementation);
        using (no_grad())
            model.call(images).Dispose();
        return JsonSerializer.Serialize(SpikeStatisticsReport.From(statistics.End(), EnergyModel.Horowitz45nm));
    }

    [Fact]
    public void Vectorised_and_tensor_counting_agree_on_a_resnet()
    {
        manual_seed(5);
        using var model = ModelFactory.Create(
            new ModelSpec(
                Architectures.ResNet18,
                NeuronKind.ChannelWise,
                10,
                new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true),
                Width: 0.25
            )
        );
        model.eval();
        using var images = randn([6, 3, 32, 32]);
        var vectorised = Count(model, images, CountingImplementation.Auto);
        Assert.Equal(Count(model, images, CountingImplementation.TensorOperations), vectorised);
        Assert.Contains("\"spike_input\":1", vectorised);
        Assert.Contains("\"spike_input\":0", vectorised);
    }
}
