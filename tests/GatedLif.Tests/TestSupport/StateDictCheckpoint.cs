using GatedLif.Checkpoints;
using static TorchSharp.torch;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// <c>torch.save({'state_dict': model.state_dict(), ...extra}, path)</c>, as a published model is saved: the model's
/// state in PyTorch's order (<see cref="ModuleStateOrder"/>), then the extra entries, through the production writer.
/// </summary>
public static class StateDictCheckpoint
{
    public static void Write(string path, nn.Module model, params (string Key, object? Value)[] extra)
    {
        var topLevel = new OrderedDictionary<string, object?>
        {
            ["state_dict"] = new OrderedDictionary<string, Tensor>(ModuleStateOrder.OrderedStateDict(model)),
        };
        foreach (var (key, value) in extra)
            topLevel.Add(key, value);
        TorchCheckpointWriter.Write(path, topLevel);
    }
}
