using System.Collections;
using GatedLif.Pickling;
using Razorvine.Pickle;

namespace GatedLif.Checkpoints;

/// <summary>
/// The Python globals a checkpoint's pickle may name: those of PyTorch's <c>weights_only=True</c> allowlist
/// (torch/_weights_only_unpickler.py) that a state dict and a training script's extra entries use, which are the ones
/// built here. Any other global, <c>os.system</c> as much as a model class, is refused by name before anything is
/// built. Razorvine keeps constructors in one process-wide table, so they are registered once, from the static
/// constructor.
/// </summary>
internal static class CheckpointGlobals
{
    public static readonly IReadOnlyList<PickleGlobal> Allowed =
    [
        new("collections.OrderedDict", Callable: true, MakesDict: true, State: PickleState.Dict),
        new("torch._utils._rebuild_tensor", Callable: true),
        new("torch._utils._rebuild_tensor_v2", Callable: true),
        new("torch._utils._rebuild_parameter", Callable: true),
        .. CheckpointStorageTypes.ByName.Keys.Select(name => new PickleGlobal($"torch.{name}", Callable: false)),
    ];

    static CheckpointGlobals()
    {
        Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor", new TensorRebuild());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new TensorRebuild());
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", new ParameterRebuild());
    }

    /// <summary>Runs the static constructor; calling it more than once is free.</summary>
    public static void EnsureRegistered() { }

    /// <summary>A dict; the state BUILD hands it is the state dict's <c>_metadata</c> (module versions), which nothing
    /// here uses.</summary>
    public sealed class OrderedDict : Hashtable
    {
        public void __setstate__(Hashtable state) { }
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedDict();
    }

    /// <summary><c>_rebuild_parameter(data, requires_grad, backward_hooks)</c>: a parameter is kept as its
    /// tensor.</summary>
    private sealed class ParameterRebuild : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length >= 1 && args[0] is TorchSharp.torch.Tensor tensor
                ? tensor
                : throw new CheckpointContentException(
                    "a torch.nn.Parameter is rebuilt from something that is not a tensor"
                );
    }
}
