using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;

namespace GatedLif.Models;

/// <summary>
/// Every network gatedlif builds, one entry each, in the spirit of torchvision's resnet.py (one builder per
/// architecture from shared blocks and options): train.py's static-image networks and cifar10dvs/train.py's SEW
/// ResNets. An entry is all that is said about its network: layout, norm, neurons, read-out, the flag that selects
/// it, its name and how a checkpoint is recognised as it; the factory, the recognizer and both command lines read
/// the entries. Their order is that of the help texts, of train.py's flag precedence and of recognition.
/// </summary>
public static class Architectures
{
    // Each entry adds itself to its list as it is initialised, in textual order (C#'s rule for static fields), so
    // adding a network is adding its entry.
    private static readonly List<StaticImageArchitecture> staticImage = [];
    private static readonly List<DvsArchitecture> dvs = [];

    /// <summary>The GLIF variants train.py's neuron flags choose among: <c>--channel-wise</c>, none, <c>--channel-wise --softsimple</c>.</summary>
    private static readonly NeuronKind[] AnyNeuron = [NeuronKind.ChannelWise, NeuronKind.LayerWise, NeuronKind.Fused];

    /// <summary>The ImageNet ResNets' stem (7x7, stride 2, padding 1), stage strides 2, 2, 2, 2 and channels 64 to 512.</summary>
    private static readonly ResNetLayout ImageNetResNet = new(64, [2, 2, 2, 2], [64, 128, 256, 512], [2, 2, 2, 2], 7, 2, 1);

    /// <summary>
    /// The ImageNet networks compute plain BatchNorm, as the reference's SyncBatchNorm conversion makes them (see the
    /// README's Differences).
    /// </summary>
    private static readonly NormLayer ImageNetNorm = NormLayers.PlainTdBatchNorm;

    /// <summary>The SEW ResNets' stages: 4 of 64 channels and 3 of 128, each followed by a pool.</summary>
    private static readonly IReadOnlyList<SewResNet.Stage> PoolEveryStage =
        [new(64, true), new(64, true), new(64, true), new(64, true), new(128, true), new(128, true), new(128, true)];

    /// <summary>train.py's networks, in the order of its help text.</summary>
    public static IReadOnlyList<StaticImageArchitecture> StaticImage => staticImage;

    /// <summary>cifar10dvs/train.py's networks, in the order of its <c>-model</c> help.</summary>
    public static IReadOnlyList<DvsArchitecture> Dvs => dvs;

    /// <summary>ResNet-19 for CIFAR, the default: stages of 3, 3, 2 blocks.</summary>
    public static readonly ResNetArchitecture ResNet19 = Add(new ResNetArchitecture(
        Name: "ResNet-19",
        Layout: new(128, [3, 3, 2], [128, 256, 512], [1, 2, 2]),
        Norm: NormLayers.TdBatchNorm,
        ImageNet: false,
        Neurons: AnyNeuron,
        HiddenHead: [NeuronKind.ChannelWise, NeuronKind.LayerWise],
        Flag: null));

    /// <summary>ResNet-18 for CIFAR: stage strides 1, 1, 2, 2 (the second stage keeps 32x32).</summary>
    public static readonly ResNetArchitecture ResNet18 = Add(new ResNetArchitecture(
        Name: "ResNet-18",
        Layout: new(64, [2, 2, 2, 2], [64, 128, 256, 512], [1, 1, 2, 2]),
        Norm: NormLayers.TdBatchNorm,
        ImageNet: false,
        Neurons: AnyNeuron,
        HiddenHead: [NeuronKind.ChannelWise],
        Flag: new("--stand18", "ResNet-18 (CIFAR).")));

    /// <summary>CIFARNet: the reference always gives it channel-wise neurons.</summary>
    public static readonly CifarNetArchitecture CifarNet = Add(new CifarNetArchitecture(
        Name: "CIFARNet",
        Neurons: [NeuronKind.ChannelWise],
        Flag: new("--cifarnet", "CIFARNet.", FirstOnCifar100: true, ImpliesChannelWise: true)));

    /// <summary>ResNet-18MS for ImageNet: membrane-shortcut blocks, channel-wise neurons.</summary>
    public static readonly ResNetArchitecture ResNet18MS = Add(new ResNetArchitecture(
        Name: "ResNet-18MS",
        Layout: ImageNetResNet with { Block = MembraneShortcutBlock.Factory },
        Norm: ImageNetNorm,
        ImageNet: true,
        Neurons: [NeuronKind.ChannelWise],
        HiddenHead: [],
        Flag: new("--MS18", "ResNet-18MS (ImageNet).")));

    /// <summary>ResNet-34MS for ImageNet: stages of 3, 4, 6, 3 membrane-shortcut blocks.</summary>
    public static readonly ResNetArchitecture ResNet34MS = Add(new ResNetArchitecture(
        Name: "ResNet-34MS",
        Layout: ImageNetResNet with { StageBlocks = [3, 4, 6, 3], Block = MembraneShortcutBlock.Factory },
        Norm: ImageNetNorm,
        ImageNet: true,
        Neurons: [NeuronKind.ChannelWise],
        HiddenHead: [],
        Flag: new("--MS34", "ResNet-34MS (ImageNet).")));

    /// <summary>ResNet-34 for ImageNet, its default: stages of 3, 4, 6, 3 basic blocks; <c>--softsimple</c> is ignored.</summary>
    public static readonly ResNetArchitecture ResNet34 = Add(new ResNetArchitecture(
        Name: "ResNet-34",
        Layout: ImageNetResNet with { StageBlocks = [3, 4, 6, 3] },
        Norm: ImageNetNorm,
        ImageNet: true,
        Neurons: [NeuronKind.ChannelWise, NeuronKind.LayerWise],
        HiddenHead: [],
        Flag: null));

    /// <summary>7B-wideNet: 4 stages of 64 channels, 3 of 128, pooling after the last 4, on 48x48 frames.</summary>
    public static readonly DvsArchitecture SewResNetGlifDsr = Add(new DvsArchitecture(
        Name: "SEWResNet_GLIF_dsr",
        Stages: [new(64, false), new(64, false), new(64, false), new(64, true), new(128, true), new(128, true), new(128, true)],
        Neurons: DvsNeurons.Glif,
        Pooling: StagePooling.Average,
        Input: new(48, DsrDa: true, "(7B-wideNet) needs --dsr_da (48x48 input)")));

    /// <summary>The GLIF SEW ResNet that pools after every stage, on 128x128 frames.</summary>
    public static readonly DvsArchitecture SewResNetGlif = Add(new DvsArchitecture(
        Name: "SEWResNet_GLIF",
        Stages: PoolEveryStage,
        Neurons: DvsNeurons.Glif,
        Pooling: StagePooling.Average,
        Input: new(128, DsrDa: false, "pools 7 times and needs the 128x128 input: leave out --dsr_da")));

    /// <summary>The same network with plain LIF neurons.</summary>
    public static readonly DvsArchitecture SewResNetVanillaLif = Add(new DvsArchitecture(
        Name: "SEWResNet_vanillaLIF",
        Stages: PoolEveryStage,
        Neurons: DvsNeurons.PlainLif,
        Pooling: StagePooling.Average,
        Input: new(128)));

    /// <summary>
    /// The PLIF baseline (the reference's <c>ResNetN</c>): SpikingJelly's parametric LIF neurons and max pooling; it
    /// runs on any number of steps, so it may train on fewer frames than it tests on.
    /// </summary>
    public static readonly DvsArchitecture SewResNetPlif = Add(new DvsArchitecture(
        Name: "SEWResNet",
        Stages: PoolEveryStage,
        Neurons: DvsNeurons.ParametricLif,
        Pooling: StagePooling.Max,
        Input: new(128),
        TrainsOnFrameSubset: true));

    /// <summary>The CIFAR10-DVS network whose <c>-model</c> name is <paramref name="name"/>.</summary>
    public static DvsArchitecture DvsNamed(string name) => dvs.Find(a => a.Name == name)
        ?? throw new InvalidSettingException("Model", $"model '{name}': expected one of {string.Join(", ", dvs.Select(a => a.Name))}");

    private static T Add<T>(T entry) where T : StaticImageArchitecture
    {
        staticImage.Add(entry);
        return entry;
    }

    private static DvsArchitecture Add(DvsArchitecture entry)
    {
        dvs.Add(entry);
        return entry;
    }
}
