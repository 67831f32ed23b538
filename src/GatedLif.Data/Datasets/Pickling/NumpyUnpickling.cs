using GatedLif.Pickling;
using Razorvine.Pickle;

namespace GatedLif.Data.Datasets.Pickling;

/// <summary>
/// Teaches Razorvine's unpickler the numpy globals a pickled uint8 array refers to.
/// Razorvine keeps constructors in one process-wide table, so registration happens once, from a static constructor.
/// Both module spellings are registered: numpy 2 pickles name <c>numpy._core</c> where numpy 1 wrote <c>numpy.core</c>.
/// </summary>
internal static class NumpyUnpickling
{
    /// <summary>
    /// The globals a pickled CIFAR batch may name: numpy's array and dtype, and <c>_codecs.encode</c>, with which
    /// Python 3 pickles bytes at protocol 2. Anything else is refused by name before anything is built.
    /// </summary>
    public static readonly IReadOnlyList<PickleGlobal> Allowed =
    [
        new("numpy.core.multiarray._reconstruct", Callable: true, State: PickleState.Tuple),
        new("numpy._core.multiarray._reconstruct", Callable: true, State: PickleState.Tuple),
        new("numpy.core.numeric._frombuffer", Callable: true),
        new("numpy._core.numeric._frombuffer", Callable: true),
        new("numpy.ndarray", Callable: false),
        new("numpy.dtype", Callable: true, State: PickleState.Tuple),
        new("_codecs.encode", Callable: true),
    ];

    static NumpyUnpickling()
    {
        foreach (string core in new[] { "numpy.core", "numpy._core" })
        {
            Unpickler.registerConstructor($"{core}.multiarray", "_reconstruct", new ReconstructConstructor());
            Unpickler.registerConstructor($"{core}.numeric", "_frombuffer", new FromBufferConstructor());
        }

        Unpickler.registerConstructor("numpy", "dtype", new DtypeConstructor());
    }

    /// <summary>Runs the static constructor; calling it more than once is free.</summary>
    public static void EnsureRegistered() { }

    /// <summary><c>_reconstruct(ndarray, (0,), b'b')</c> makes an empty array that the following BUILD fills.</summary>
    private sealed class ReconstructConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new NumpyArray();
    }

    /// <summary><c>_frombuffer(buffer, dtype, shape, order)</c>, numpy's protocol-5 form.</summary>
    private sealed class FromBufferConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length == 4 ? NumpyArray.FromBuffer(args[0], args[1], args[2], args[3]) : new NumpyArray();
    }

    /// <summary><c>numpy.dtype(name, align, copy)</c>; the name is a str, or bytes in some Python 3 pickles.</summary>
    private sealed class DtypeConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            new NumpyDtype(args.Length > 0 ? PickleText.AsString(args[0]) ?? "" : "");
    }
}
