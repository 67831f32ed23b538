namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>The flags a checkpoint was trained with, stored in it (with the time it was written) so that tools can
/// tell what it is.</summary>
public static class TrainArguments
{
    public static IReadOnlyDictionary<string, object?> Describe(TrainOptions o)
    {
        var arguments = new Dictionary<string, object?>
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
        };
        // argparse's names for the architecture flags: the spelling without its dashes.
        foreach (var flag in ModelSelection.Flags)
            arguments[flag.Name.TrimStart('-')] = o.ModelFlags.Contains(flag.Name);
        return arguments;
    }
}
