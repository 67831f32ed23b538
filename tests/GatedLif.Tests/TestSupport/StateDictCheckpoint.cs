using GatedLif.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.TestSupport;

/// <summary>A file as <c>torch.save({'state_dict': model.state_dict(), ...}, path)</c> writes it: the model's state in
/// PyTorch's order under <c>state_dict</c>, then the extras.</summary>
internal static class StateDictCheckpoint
{
    public static void Write(string path, nn.Module model, params (string Key, object? Value)[] extra)
    {
        var stateDict = new OrderedDictionary<string, Tensor>();
        foreach (var (key, tensor) in ModuleStateOrder.OrderedStateDict(model))
            stateDict.Add(key, tensor);
        var topLevel = new OrderedDictionary<string, object?> { [TorchCheckpointReader.StateDictKey] = stateDict };
        foreach (var (key, value) in extra)
            topLevel.Add(key, value);
        TorchCheckpointWriter.Write(path, topLevel);
    }
}
