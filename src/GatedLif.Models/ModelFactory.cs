using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models;

/// <summary>Builds the network a <see cref="ModelSpec"/> describes, with the reference's initialisation.</summary>
public static class ModelFactory
{
    public static StaticImageNetwork Create(ModelSpec spec, bool randomGates = false)
    {
        spec.Glif.Validate();
        if (spec.Width != 1.0 && spec.Architecture is Architecture.CifarNet)
            throw new NotSupportedException("a width other than 1 applies to the ResNets only");
        StaticImageNetwork model = spec.Architecture switch
        {
            Architecture.ResNet18 => ResNet(ResNetLayout.Cifar18, spec, NormLayers.TdBatchNorm, spec.HiddenHead),
            Architecture.ResNet19 => ResNet(ResNetLayout.Cifar19, spec, NormLayers.TdBatchNorm, spec.HiddenHead),
            Architecture.CifarNet => new CifarNet(GlifNeurons.Of(NeuronKind.ChannelWise, spec.Glif), spec.Glif.TimeSteps, spec.Classes),
            // ImageNet models compute plain BatchNorm, as the reference's SyncBatchNorm conversion makes them.
            Architecture.ResNet18MS => ResNet(ResNetLayout.ImageNet18MS, spec, NormLayers.PlainTdBatchNorm, hiddenHead: false),
            Architecture.ResNet34MS => ResNet(ResNetLayout.ImageNet34MS, spec, NormLayers.PlainTdBatchNorm, hiddenHead: false),
            Architecture.ResNet34 => ResNet(ResNetLayout.ImageNet34, spec, NormLayers.PlainTdBatchNorm, hiddenHead: false),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, null),
        };
        if (randomGates)
            GateRandomizer.Randomize(model);
        return model;
    }

    private static SpikingResNet ResNet(ResNetLayout layout, ModelSpec spec, NormLayer norm, bool hiddenHead) =>
        new(layout.Scaled(spec.Width), GlifNeurons.Of(spec.Neuron, spec.Glif), norm, spec.Glif.TimeSteps, spec.Classes, hiddenHead);
}
