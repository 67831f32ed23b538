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
            Architecture.ResNet18 => new SpikingResNet(ResNetLayout.Cifar18.Scaled(spec.Width), Neurons(spec), spec.Classes, spec.HiddenHead),
            Architecture.ResNet19 => new SpikingResNet(ResNetLayout.Cifar19.Scaled(spec.Width), Neurons(spec), spec.Classes, spec.HiddenHead),
            Architecture.CifarNet => new CifarNet(new NeuronFactory(NeuronKind.ChannelWise, spec.Glif), spec.Classes),
            // ImageNet models compute plain BatchNorm, as the reference's SyncBatchNorm conversion makes them (README, Differences, item 11).
            Architecture.ResNet18MS => new SpikingResNet(ResNetLayout.ImageNet18MS.Scaled(spec.Width), Neurons(spec), spec.Classes, hiddenHead: false, plainBn: true),
            Architecture.ResNet34MS => new SpikingResNet(ResNetLayout.ImageNet34MS.Scaled(spec.Width), Neurons(spec), spec.Classes, hiddenHead: false, plainBn: true),
            Architecture.ResNet34 => new SpikingResNet(ResNetLayout.ImageNet34.Scaled(spec.Width), Neurons(spec), spec.Classes, hiddenHead: false, plainBn: true),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, null),
        };
        if (randomGates)
            GateRandomizer.Randomize(model);
        return model;
    }

    private static NeuronFactory Neurons(ModelSpec spec) => new(spec.Neuron, spec.Glif);
}
