namespace GatedLif.Data.Datasets.Pickling;

/// <summary>
/// A numpy dtype as pickled: <c>numpy.dtype('u1', False, True)</c> followed by a BUILD with its byte-order state.
/// Only the type name is kept; byte order cannot matter for the single-byte type the CIFAR reader accepts.
/// </summary>
internal sealed class NumpyDtype(string name)
{
    public string Name { get; } = name;

    /// <summary>Called by the unpickler's BUILD opcode (found by reflection, hence the Python name).</summary>
    public void __setstate__(object[] state) { }
}
