namespace GatedLif.Models;

/// <summary>
/// The train.py flag that selects an architecture, plain data beside the rest of its entry: the command line reads
/// its spelling, help and precedence from here, and writes it back when it names a checkpoint's network.
/// </summary>
/// <param name="Name">Its spelling, e.g. <c>--stand18</c>.</param>
/// <param name="Help">Its help text.</param>
/// <param name="FirstOnCifar100">train.py tests it before the other CIFAR flags on CIFAR-100, after them on CIFAR-10
/// (<c>--cifarnet</c> against <c>--stand18</c>).</param>
/// <param name="ImpliesChannelWise">The command line that rebuilds the network leaves out <c>--channel-wise</c>, as the
/// reference's runs of it do (CIFARNet: its neurons are channel-wise whatever the flags).</param>
public sealed record TrainPyFlag(
    string Name,
    string Help,
    bool FirstOnCifar100 = false,
    bool ImpliesChannelWise = false
);
