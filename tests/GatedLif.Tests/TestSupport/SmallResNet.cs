using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.TestSupport;

/// <summary>ResNet-18 channel-wise at a quarter of the width, T = 1: a real network with spike-input
/// convolutions.</summary>
internal static class SmallResNet
{
    /// <param name="convolutions">Set on every spike-input convolution; none leaves what the model is built
    /// with.</param>
    public static nn.Module<Tensor, Tensor> Build(ConvolutionImplementation? convolutions = null, int? seed = null)
    {
        if (seed is { } s)
            manual_seed(s);
        var model = ModelFactory.Create(
            new ModelSpec(
                Architectures.ResNet18,
                NeuronKind.ChannelWise,
                10,
                new GlifSettings(1, GlifSettings.DefaultGates, SoftMode: true),
                Width: 0.25
            )
        );
        if (convolutions is { } implementation)
            ConvolutionRoutes.Use(model, implementation);
        return model;
    }

    /// <summary>With --conv-impl auto, after one batch, so every spike-input convolution has decided.</summary>
    public static nn.Module<Tensor, Tensor> Planned(int? seed = null)
    {
        var model = Build(ConvolutionImplementation.Auto, seed);
        using (no_grad())
            model.call(randn([2, 3, 32, 32], generator: new Generator(3))).Dispose();
        return model;
    }
}
