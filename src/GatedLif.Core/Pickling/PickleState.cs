namespace GatedLif.Pickling;

/// <summary>The shape of the state BUILD may hand to an object (its <c>__setstate__</c> argument).</summary>
public enum PickleState
{
    /// <summary>BUILD is refused.</summary>
    None,

    /// <summary>A dict (OrderedDict's metadata).</summary>
    Dict,

    /// <summary>A tuple (numpy's array state).</summary>
    Tuple,
}
