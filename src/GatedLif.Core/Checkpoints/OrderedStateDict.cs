using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// A module's state in PyTorch's <c>state_dict()</c> order: each module's own parameters, then its persistent
/// buffers, then its children, depth first. TorchSharp's <c>state_dict()</c> lists all parameters before all
/// buffers; the reference's files, and the key lists they are checked against, use PyTorch's order.
/// </summary>
public static class OrderedStateDict
{
    public static List<(string Key, Tensor Value)> Entries(nn.Module module)
    {
        var entries = new List<(string, Tensor)>();
        Collect(module, "", entries);
        return entries;
    }

    private static void Collect(nn.Module module, string prefix, List<(string, Tensor)> entries)
    {
        foreach (var (name, p) in module.named_parameters(recurse: false))
            entries.Add((prefix + name, p));
        foreach (var (name, b) in module.named_buffers(recurse: false, include_nonpersistent: false))
            entries.Add((prefix + name, b));
        foreach (var (name, child) in module.named_children())
            Collect(child, prefix + name + ".", entries);
    }
}
