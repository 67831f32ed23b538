using System.Text;
using GatedLif.Pickling;

namespace GatedLif.Data.Datasets.Pickling;

/// <summary>
/// A numpy ndarray as the unpickler rebuilds it. Two pickled forms exist:
/// <c>_reconstruct(ndarray, (0,), b'b')</c> then BUILD with <c>(version, shape, dtype, is_fortran, rawdata)</c>
/// (protocols 0-4), and <c>_frombuffer(buffer, dtype, shape, order)</c> (protocol 5).
/// The parts are only stored here and checked by <see cref="ToUInt8Bytes"/> after unpickling, because an exception
/// thrown inside BUILD would reach the caller wrapped in the unpickler's reflection call.
/// </summary>
internal sealed class NumpyArray
{
    private object? shape;
    private object? dtype;
    private bool isFortran;
    private object? rawData;
    private bool hasContents;

    public static NumpyArray FromBuffer(object? buffer, object? dtype, object? shape, object? order) =>
        new()
        {
            rawData = buffer,
            dtype = dtype,
            shape = shape,
            isFortran = order is "F",
            hasContents = true,
        };

    /// <summary>Called by the unpickler's BUILD opcode (found by reflection, hence the Python name).</summary>
    public void __setstate__(object[] state)
    {
        // Old numpy wrote the state without the leading version number.
        var parts = state.Length == 5 ? state[1..] : state;
        if (parts.Length != 4)
        {
            return;
        }

        shape = parts[0];
        dtype = parts[1];
        isFortran = parts[2] is true;
        rawData = parts[3];
        hasContents = true;
    }

    /// <summary>
    /// The array's bytes in C order, if it is a uint8 array; otherwise a <see cref="DatasetException"/>
    /// saying what it is instead, prefixed with <paramref name="what"/> (the file and key).
    /// </summary>
    public byte[] ToUInt8Bytes(string what)
    {
        if (!hasContents)
        {
            throw new DatasetException($"{what} is a numpy array whose pickled state is missing or malformed.");
        }

        if (dtype is not NumpyDtype { Name: "u1" })
        {
            string name = dtype is NumpyDtype d ? d.Name : "unknown";
            throw new DatasetException($"{what} has numpy dtype '{name}', expected uint8 ('u1').");
        }

        // numpy flags Fortran order only for arrays that are not also C-contiguous, i.e. genuinely transposed data,
        // which no CIFAR distribution contains.
        if (isFortran)
        {
            throw new DatasetException($"{what} is a Fortran-order array; only C order is supported.");
        }

        long[] dims = Dimensions(what);
        byte[] bytes = rawData switch
        {
            byte[] b => b,
            // Python 2 'str' data arrives as a string with one char per byte (Razorvine decodes it as latin-1).
            string s => Encoding.Latin1.GetBytes(s),
            _ => throw new DatasetException(
                $"{what} has a data buffer that is a {PythonType.Of(rawData)}, expected bytes."
            ),
        };
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (bytes.Length != expected)
        {
            throw new DatasetException(
                $"{what} has shape [{string.Join(", ", dims)}] ({expected} bytes) but its buffer holds "
                    + $"{bytes.Length} bytes."
            );
        }

        return bytes;
    }

    private long[] Dimensions(string what)
    {
        if (shape is object[] items && items.All(i => i is int or long))
        {
            return items.Select(Convert.ToInt64).ToArray();
        }

        throw new DatasetException($"{what} has a malformed shape.");
    }
}
