namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>The flags a checkpoint was trained with, stored in it (with the time it was written) so that tools can
/// tell what it is.</summary>
public static class TrainArguments
{
    public static IReadOnlyDictionary<string, object?> Describe(TrainOptions o) => new Dictionary<string, object?>
    {
        ["batch_size"] = o.BatchSize,
        ["epochs"] = o.Epochs,
        ["learning_rate"] = o.LearningRate,
        ["momentum"] = o.Momentum,
        ["weight_decay"] = o.WeightDecay,
        ["seed"] = o.Seed,
        ["tunable_lif"] = o.TunableLif,
        ["modeltag"] = o.ModelTag,
        ["gate"] = o.Gate.Cast<object?>().ToList(),
        ["static_gate"] = o.StaticGate,
        ["static_param"] = o.StaticParam,
        ["channel_wise"] = o.ChannelWise,
        ["softsimple"] = o.SoftSimple,
        ["soft_mode"] = o.SoftMode,
        ["t"] = o.T,
        ["randomgate"] = o.RandomGate,
        ["imagenet"] = o.ImageNet,
        ["cifar100"] = o.Cifar100,
    }
    // The architecture flags under argparse's names for them: the spelling without its dashes.
    .Concat(ModelSelection.Flags.Select(f => KeyValuePair.Create<string, object?>(f.Name.TrimStart('-'), o.ModelFlags.Contains(f.Name))))
    .ToDictionary();
}
