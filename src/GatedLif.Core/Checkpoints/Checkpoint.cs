using System.Collections;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// The contents of a torch.save file: the model's state dict plus every other top-level entry
/// (epoch, optimiser state, ...) as the unpickler produced it.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    internal Checkpoint(string source, IReadOnlyDictionary<string, Tensor> stateDict, IReadOnlyDictionary<string, object?> extra)
    {
        Source = source;
        StateDict = stateDict;
        Extra = extra;
    }

    /// <summary>The file the checkpoint was read from.</summary>
    public string Source { get; }

    public IReadOnlyDictionary<string, Tensor> StateDict { get; }

    /// <summary>
    /// Top-level entries other than 'state_dict'. Values are raw unpickled objects: int/long/double/string/bool,
    /// <see cref="Hashtable"/> for dicts, <see cref="ArrayList"/> for lists, object[] for tuples, <see cref="Tensor"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Extra { get; }

    /// <summary>Frees the native memory of every tensor read from the file.</summary>
    public void Dispose()
    {
        foreach (var tensor in StateDict.Values)
            tensor.Dispose();
        foreach (var value in Extra.Values)
            DisposeTensorsIn(value);
    }

    private static void DisposeTensorsIn(object? value)
    {
        switch (value)
        {
            case Tensor tensor:
                tensor.Dispose();
                break;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                    DisposeTensorsIn(item);
                break;
            case IEnumerable items and not string:
                foreach (var item in items)
                    DisposeTensorsIn(item);
                break;
        }
    }
}
