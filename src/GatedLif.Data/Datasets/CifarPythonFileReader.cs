using System.Collections;
using System.Numerics;
using GatedLif.Data.Datasets.Pickling;
using GatedLif.Pickling;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;

namespace GatedLif.Data.Datasets;

/// <summary>
/// Reads the python layout: a pickled dict whose <c>data</c> is a numpy uint8 array of N x 3072 bytes and whose
/// <c>labels</c> (CIFAR-10) or <c>fine_labels</c> (CIFAR-100) is a list of N ints. Python 2 and Python 3 pickles,
/// with str or bytes keys, are accepted, as torchvision accepts them.
/// </summary>
internal static class CifarPythonFileReader
{
    public static CifarFileData Read(string path, CifarVariant variant)
    {
        var entries = ReadDict(path);
        byte[] images = ReadImages(entries, path);
        if (images.Length % CifarImageFormat.ImageBytes != 0)
        {
            throw new DatasetException(
                $"'{path}': data holds {images.Length} bytes, expected a multiple of {CifarImageFormat.ImageBytes} "
                    + $"(N images of "
                    + $"{CifarImageFormat.Channels}x{CifarImageFormat.Side}x{CifarImageFormat.Side} bytes)."
            );
        }

        int imageCount = images.Length / CifarImageFormat.ImageBytes;
        var (key, labels) = ReadLabels(entries, path);
        if (labels.Length != imageCount)
        {
            throw new DatasetException(
                $"'{path}': '{key}' holds {labels.Length} labels but 'data' holds {imageCount} images."
            );
        }

        return new CifarFileData(images, labels).Validated(path, variant);
    }

    private static Dictionary<string, object?> ReadDict(string path)
    {
        NumpyUnpickling.EnsureRegistered();
        byte[] bytes = CifarFileData.ReadBytes(path);
        if (PickleScreen.Refusal(bytes, NumpyUnpickling.Allowed) is { } refusal)
        {
            throw new DatasetException(UnpicklingFailure(path, bytes, refusal));
        }

        object? root;
        try
        {
            using var unpickler = new Unpickler();
            root = unpickler.loads(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DatasetException(UnpicklingFailure(path, bytes, refusal: null), e);
        }

        if (PickleNesting.Refusal(root) is { } nesting)
        {
            throw new DatasetException($"'{path}' is refused: {nesting}.");
        }

        if (root is not IDictionary dict)
        {
            throw new DatasetException(
                $"'{path}' holds a pickled {PythonTypeName(root)}, expected a dict with 'data' and 'labels'."
            );
        }

        var entries = new Dictionary<string, object?>();
        foreach (DictionaryEntry entry in dict)
        {
            if (PickleText.AsString(entry.Key) is { } key)
            {
                entries[key] = entry.Value;
            }
        }

        return entries;
    }

    /// <summary>
    /// The common cases are recognised from the bytes: every pickle CIFAR uses starts with the PROTO opcode and a
    /// complete one ends with STOP; otherwise the screen's <paramref name="refusal"/> says what is wrong.
    /// </summary>
    private static string UnpicklingFailure(string path, byte[] bytes, string? refusal)
    {
        const byte proto = 0x80,
            stop = (byte)'.';
        if (bytes.Length == 0)
        {
            return $"'{path}' is empty.";
        }

        if (bytes[0] != proto)
        {
            return $"'{path}' is not a Python pickle (it starts with 0x{bytes[0]:X2}, not the protocol marker 0x80).";
        }

        if (bytes[^1] != stop)
        {
            return $"'{path}' is truncated: its pickle stops after {bytes.Length} bytes without the final STOP opcode.";
        }

        return refusal is null
            ? $"'{path}' is not a readable Python pickle: its objects could not be rebuilt."
            : $"'{path}' is refused: {refusal}.";
    }

    private static byte[] ReadImages(Dictionary<string, object?> entries, string path)
    {
        if (!entries.TryGetValue("data", out var data))
        {
            throw new DatasetException($"'{path}' has no 'data' entry (keys: {KeyList(entries)}).");
        }

        if (data is not NumpyArray array)
        {
            throw new DatasetException($"'{path}': 'data' is a {PythonTypeName(data)}, expected a numpy uint8 array.");
        }

        return array.ToUInt8Bytes($"'{path}': 'data'");
    }

    private static (string Key, int[] Labels) ReadLabels(Dictionary<string, object?> entries, string path)
    {
        // torchvision's order of preference: CIFAR-100 files have no 'labels', so 'fine_labels' is used for them.
        string key = entries.ContainsKey("labels") ? "labels" : "fine_labels";
        if (!entries.TryGetValue(key, out var value))
        {
            throw new DatasetException($"'{path}' has neither 'labels' nor 'fine_labels' (keys: {KeyList(entries)}).");
        }

        if (value is not IList list)
        {
            throw new DatasetException($"'{path}': '{key}' is a {PythonTypeName(value)}, expected a list of ints.");
        }

        var labels = new int[list.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = list[i] switch
            {
                int v => v,
                // Labels are tiny, so a long that does not fit is out of range anyway; clamping keeps the range
                // message.
                long v => (int)Math.Clamp(v, int.MinValue, int.MaxValue),
                BigInteger v => (int)BigInteger.Clamp(v, int.MinValue, int.MaxValue),
                var other => throw new DatasetException(
                    $"'{path}': '{key}'[{i}] is a {PythonTypeName(other)}, expected an int."
                ),
            };
        }

        return (key, labels);
    }

    // The unpickled dict is a Hashtable, whose order is arbitrary; sorting keeps messages stable.
    private static string KeyList(Dictionary<string, object?> entries) =>
        string.Join(", ", entries.Keys.Order(StringComparer.Ordinal));

    /// <summary>How Python would name what the unpickler produced, so messages speak the file's language.</summary>
    private static string PythonTypeName(object? value) =>
        value switch
        {
            null => "None",
            string => "str",
            byte[] => "bytes",
            int or long or BigInteger => "int",
            double => "float",
            bool => "bool",
            // ClassDict, Razorvine's stand-in for an unknown class, is itself a dictionary, so it is matched first.
            ClassDict c => c.ClassName,
            IDictionary => "dict",
            object[] => "tuple",
            IList => "list",
            NumpyArray => "numpy array",
            _ => PythonType.Of(value),
        };
}
