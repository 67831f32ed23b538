using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>
/// Turns a checkpoint's .NET values into exactly what PyBridge's pickler writes the way torch.load expects:
/// ordered dictionaries (pickled as dict in insertion order), lists, scalars and standalone CPU tensors.
/// </summary>
internal static class PicklableTree
{
    // The storage types PyBridge's pickler can name; anything else would fail inside the zip writer with no message.
    private static readonly HashSet<ScalarType> WritableDtypes =
    [
        ScalarType.Float64,
        ScalarType.Float32,
        ScalarType.Float16,
        ScalarType.BFloat16,
        ScalarType.Int64,
        ScalarType.Int32,
        ScalarType.Int16,
        ScalarType.Int8,
        ScalarType.Byte,
        ScalarType.Bool,
        ScalarType.ComplexFloat32,
        ScalarType.ComplexFloat64,
    ];

    /// <summary>
    /// Converts <paramref name="value"/>; tensors become new CPU tensors, so call this inside a dispose scope.
    /// <paramref name="where"/> names the value in error messages.
    /// </summary>
    public static object? From(object? value, string where) =>
        value switch
        {
            null or string or bool or int or long or double or float or short or byte or sbyte => value,
            Tensor tensor => CpuCopy(tensor, where),
            IDictionary dictionary => FromDictionary(dictionary, where),
            IEnumerable items => FromList(items, where),
            _ => throw new NotSupportedException(
                $"'{where}' has type {value.GetType().Name}, which a checkpoint cannot hold."
            ),
        };

    public static OrderedDictionary<object, object?> FromDictionary(IDictionary dictionary, string where)
    {
        var result = new OrderedDictionary<object, object?>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not (string or int or long))
                throw new NotSupportedException(
                    $"'{where}' has a key of type {entry.Key.GetType().Name}; keys must be strings or integers."
                );
            result.Add(entry.Key, From(entry.Value, Child(where, entry.Key)));
        }
        return result;
    }

    // Arrays of primitives would be pickled as array.array and object[] as tuple; a list reads back as a Python list.
    private static List<object?> FromList(IEnumerable items, string where)
    {
        var result = new List<object?>();
        foreach (var item in items)
            result.Add(From(item, $"{where}[{result.Count}]"));
        return result;
    }

    // PyBridge writes numel elements from the data pointer together with the tensor's own strides and storage
    // offset, which is only right for a contiguous tensor that starts its storage; a fresh CPU copy always is one.
    private static Tensor CpuCopy(Tensor tensor, string where)
    {
        if (!WritableDtypes.Contains(tensor.dtype))
            throw new NotSupportedException($"'{where}' is a {tensor.dtype} tensor, which a checkpoint cannot hold.");
        var copy = tensor.detach().to(DeviceType.CPU, copy: true);
        return copy.is_contiguous() ? copy : copy.contiguous();
    }

    private static string Child(string where, object key) => where.Length == 0 ? $"{key}" : $"{where}.{key}";
}
