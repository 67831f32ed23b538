using System.Collections;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// The contents of a torch.save file: the model's state dict plus every other top-level entry
/// (epoch, optimiser state, ...) as the unpickler produced it.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    internal Checkpoint(
        string source,
        IReadOnlyDictionary<string, Tensor> stateDict,
        IReadOnlyDictionary<string, object?> extra
    )
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
        {
            foreach (var tensor in TensorsIn(value))
                tensor.Dispose();
        }
    }

    /// <summary>The tensors anywhere in an unpickled value (whose nesting the reader has bounded).</summary>
    internal static IEnumerable<Tensor> TensorsIn(object? value)
    {
        switch (value)
        {
            case Tensor tensor:
                yield return tensor;
                break;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                {
                    foreach (var tensor in TensorsIn(item))
                        yield return tensor;
                }
                break;
            case IEnumerable items and not string and not byte[]:
                foreach (var item in items)
                {
                    foreach (var tensor in TensorsIn(item))
                        yield return tensor;
                }
                break;
        }
    }
}
