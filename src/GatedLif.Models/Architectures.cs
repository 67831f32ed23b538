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

    /// <summary>The GLIF variants train.py's neuron flags choose among: <c>--channel-wise</c>, none, <c>--channel-wise
    /// --softsimple</c>.</summary>
    private static readonly NeuronKind[] AnyNeuron = [NeuronKind.ChannelWise, NeuronKind.LayerWise, NeuronKind.Fused];

    /// <summary>The SEW ResNets' stages: 4 of 64 channels and 3 of 128, each followed by a pool.</summary>
    private static readonly IReadOnlyList<SewResNet.Stage> PoolEveryStage =
    [
        new(64, true),
        new(64, true),
        new(64, true),
        new(64, true),
        new(128, true),
        new(128, true),
        new(128, true),
    ];

    /// <summary>train.py's networks, in the order of its help text.</summary>
    public static IReadOnlyList<StaticImageArchitecture> StaticImage => staticImage;

    /// <summary>cifar10dvs/train.py's networks, in the order of its <c>-model</c> help.</summary>
    public static IReadOnlyList<DvsArchitecture> Dvs => dvs;

    /// <summary>ResNet-19 for CIFAR, the default: stages of 3, 3, 2 blocks.</summary>
    public static readonly ResNetArchitecture ResNet19 = Add(
        CifarResNet(
            "ResNet-19",
            new(128, [3, 3, 2], [128, 256, 512], [1, 2, 2]),
            hiddenHead: [NeuronKind.ChannelWise, NeuronKind.LayerWise],
            flag: null
        )
    );

    /// <summary>ResNet-18 for CIFAR: stage strides 1, 1, 2, 2 (the second stage keeps 32x32).</summary>
    public static readonly ResNetArchitecture ResNet18 = Add(
        CifarResNet(
            "ResNet-18",
            new(64, [2, 2, 2, 2], [64, 128, 256, 512], [1, 1, 2, 2]),
            hiddenHead: [NeuronKind.ChannelWise],
            flag: new("--stand18", "ResNet-18 (CIFAR).")
        )
    );

    /// <summary>CIFARNet: the reference always gives it channel-wise neurons.</summary>
    public static readonly CifarNetArchitecture CifarNet = Add(
        new CifarNetArchitecture(
            "CIFARNet",
            Neurons: [NeuronKind.ChannelWise],
            Flag: new("--cifarnet", "CIFARNet.", FirstOnCifar100: true, ImpliesChannelWise: true)
        )
    );

    /// <summary>ResNet-18MS for ImageNet: membrane-shortcut blocks, channel-wise neurons.</summary>
    public static readonly ResNetArchitecture ResNet18MS = Add(
        ImageNetResNet(
            "ResNet-18MS",
            [2, 2, 2, 2],
            MembraneShortcutBlock.Factory,
            neurons: [NeuronKind.ChannelWise],
            flag: new("--MS18", "ResNet-18MS (ImageNet).")
        )
    );

    /// <summary>ResNet-34MS for ImageNet: stages of 3, 4, 6, 3 membrane-shortcut blocks.</summary>
    public static readonly ResNetArchitecture ResNet34MS = Add(
        ImageNetResNet(
            "ResNet-34MS",
            [3, 4, 6, 3],
            MembraneShortcutBlock.Factory,
            neurons: [NeuronKind.ChannelWise],
            flag: new("--MS34", "ResNet-34MS (ImageNet).")
        )
    );

    /// <summary>ResNet-34 for ImageNet, its default: stages of 3, 4, 6, 3 basic blocks; <c>--softsimple</c> is
    /// ignored.</summary>
    public static readonly ResNetArchitecture ResNet34 = Add(
        ImageNetResNet(
            "ResNet-34",
            [3, 4, 6, 3],
            SpikeShortcutBlock.Factory,
            neurons: [NeuronKind.ChannelWise, NeuronKind.LayerWise],
            flag: null
        )
    );

    /// <summary>7B-wideNet: 4 stages of 64 channels, 3 of 128, pooling after the last 4, on 48x48 frames.</summary>
    public static readonly DvsArchitecture SewResNetGlifDsr = Add(
        new DvsArchitecture(
            Name: "SEWResNet_GLIF_dsr",
            Stages:
            [
                new(64, false),
                new(64, false),
                new(64, false),
                new(64, true),
                new(128, true),
                new(128, true),
                new(128, true),
            ],
            Neurons: DvsNeurons.Glif,
            Input: new(48, DsrDa: true, "(7B-wideNet) needs --dsr_da (48x48 input)")
        )
    );

    /// <summary>The GLIF SEW ResNet that pools after every stage, on 128x128 frames.</summary>
    public static readonly DvsArchitecture SewResNetGlif = Add(
        new DvsArchitecture(
            Name: "SEWResNet_GLIF",
            Stages: PoolEveryStage,
            Neurons: DvsNeurons.Glif,
            Input: new(128, DsrDa: false, "pools 7 times and needs the 128x128 input: leave out --dsr_da")
        )
    );

    /// <summary>The same network with plain LIF neurons.</summary>
    public static readonly DvsArchitecture SewResNetVanillaLif = Add(
        new DvsArchitecture(
            Name: "SEWResNet_vanillaLIF",
            Stages: PoolEveryStage,
            Neurons: DvsNeurons.PlainLif,
            Input: new(128)
        )
    );

    /// <summary>
    /// The PLIF baseline (the reference's <c>ResNetN</c>): SpikingJelly's parametric LIF neurons and max pooling; it
    /// runs on any number of steps, so it may train on fewer frames than it tests on.
    /// </summary>
    public static readonly DvsArchitecture SewResNetPlif = Add(
        new DvsArchitecture(
            Name: "SEWResNet",
            Stages: PoolEveryStage,
            Neurons: DvsNeurons.ParametricLif,
            Input: new(128),
            Pooling: StagePooling.Max,
            TrainsOnFrameSubset: true
        )
    );

    /// <summary>A CIFAR ResNet: tdBN, and any of the GLIF variants.</summary>
    private static ResNetArchitecture CifarResNet(
        string name,
        ResNetLayout layout,
        NeuronKind[] hiddenHead,
        TrainPyFlag? flag
    ) => new(name, layout, NormLayers.TdBatchNorm, ImageNet: false, AnyNeuron, hiddenHead, flag);

    /// <summary>
    /// An ImageNet ResNet: a 7x7 stem of stride 2 and padding 1, four stages of 64 to 512 channels and stride 2, one
    /// Linear read-out, and plain BatchNorm, as the reference's SyncBatchNorm conversion makes them compute (see
    /// docs/articles/differences.md).
    /// </summary>
    private static ResNetArchitecture ImageNetResNet(
        string name,
        int[] stageBlocks,
        ResidualBlock block,
        NeuronKind[] neurons,
        TrainPyFlag? flag
    ) =>
        new(
            name,
            new ResNetLayout(64, stageBlocks, [64, 128, 256, 512], [2, 2, 2, 2], 7, 2, 1, block),
            NormLayers.PlainTdBatchNorm,
            ImageNet: true,
            neurons,
            HiddenHead: [],
            flag
        );

    /// <summary>The CIFAR10-DVS network whose <c>-model</c> name is <paramref name="name"/>.</summary>
    public static DvsArchitecture DvsNamed(string name) =>
        dvs.Find(a => a.Name == name)
        ?? throw new InvalidSettingException(
            "Model",
            $"model '{name}': expected one of {string.Join(", ", dvs.Select(a => a.Name))}"
        );

    private static T Add<T>(T entry)
        where T : StaticImageArchitecture
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
