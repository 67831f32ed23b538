using GatedLif.Files;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// Writes checkpoints that PyTorch's torch.load reads (zip format), replacing the target file atomically.
/// </summary>
public static class TorchCheckpointWriter
{
    /// <summary>
    /// Writes <paramref name="topLevel"/> as a Python dict in its enumeration order. Values may be tensors (any
    /// device), dictionaries (string or integer keys), lists, strings, booleans, integers, doubles and null.
    /// </summary>
    /// <exception cref="CheckpointException">A value cannot be written or the file system failed; <paramref
    /// name="path"/> is unchanged.</exception>
    public static void Write(string path, IDictionary<string, object?> topLevel)
    {
        try
        {
            AtomicFile.Write(path, stream =>
            {
                // Disposes the CPU copies as soon as they are in the file.
                using var scope = NewDisposeScope();
                // A generic IDictionary need not implement the non-generic IDictionary the pickler walks.
                var tree = PicklableTree.FromDictionary(new OrderedDictionary<string, object?>(topLevel), "");
                PyTorchPickler.PickleStateDict(stream, tree, leaveOpen: true);
            });
        }
        catch (Exception e)
        {
            throw new CheckpointException($"Could not write checkpoint '{path}': {e.Message}", e);
        }
    }
}
