using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// A module's state dict in PyTorch's order: each module's own parameters, then its own persistent buffers,
/// then its children depth-first. TorchSharp's state_dict() lists all parameters before all buffers instead.
/// </summary>
internal static class ModuleStateOrder
{
    /// <summary>Every entry of <c>model.state_dict()</c>, ordered as PyTorch's <c>state_dict()</c> would list
    /// it.</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> OrderedStateDict(nn.Module model)
    {
        var stateDict = model.state_dict();
        var ordered = new List<KeyValuePair<string, Tensor>>(stateDict.Count);
        foreach (var key in PyTorchOrder(model, ""))
        {
            if (stateDict.Remove(key, out var tensor))
                ordered.Add(new(key, tensor));
        }
        // Anything the walk did not reach still belongs in the state dict; keep TorchSharp's order for it.
        ordered.AddRange(stateDict);
        return ordered;
    }

    private static IEnumerable<string> PyTorchOrder(nn.Module module, string prefix)
    {
        foreach (var (name, _) in module.named_parameters(recurse: false))
            yield return prefix + name;
        foreach (var (name, _) in module.named_buffers(recurse: false, include_nonpersistent: false))
            yield return prefix + name;
        foreach (var (name, child) in module.named_children())
        {
            foreach (var key in PyTorchOrder(child, $"{prefix}{name}."))
                yield return key;
        }
    }
}
