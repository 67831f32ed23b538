namespace GatedLif.Pickling;

/// <summary>
/// A Python global a pickle may name, and what the readers' constructors make of it. Calling one that is not
/// <see cref="Callable"/> is refused, as is BUILD with state of another shape than <see cref="State"/>, so the
/// unpickler's own casts and reflection never meet an object they cannot handle.
/// </summary>
/// <param name="QualifiedName">Module and name, as <c>collections.OrderedDict</c>.</param>
/// <param name="Callable">Whether REDUCE may call it (a storage type is only named, never called).</param>
/// <param name="MakesDict">Whether calling it makes a dict that SETITEM may fill (OrderedDict).</param>
/// <param name="State">The state BUILD may hand to what calling it makes.</param>
public sealed record PickleGlobal(
    string QualifiedName,
    bool Callable,
    bool MakesDict = false,
    PickleState State = PickleState.None
);
