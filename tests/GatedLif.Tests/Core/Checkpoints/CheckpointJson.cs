using System.Collections;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>
/// Describes checkpoint contents as JSON in the same form as the Python side of the interop test
/// (tensor dtype, shape and flattened values; dicts, lists and scalars tagged by Python type),
/// so that written, read-back and torch.load-ed contents can be compared as a whole.
/// </summary>
internal static class CheckpointJson
{
    /// <summary>The Python counterpart of <see cref="Describe"/>; prints a JSON list describing torch.load of each file
    /// in argv[1:].</summary>
    public const string PythonDescriber = """
        import json, sys, torch
        def describe(v):
            if isinstance(v, torch.Tensor):
                return {"tensor": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                        "values": v.flatten().tolist(), "requires_grad": v.requires_grad}
            if isinstance(v, dict):
                return {"dict": [[k if isinstance(k, str) else {"int": k}, describe(x)] for k, x in v.items()]}
            if isinstance(v, (list, tuple)):
                return {"list": [describe(x) for x in v]}
            if isinstance(v, bool):
                return {"bool": v}
            if isinstance(v, int):
                return {"int": v}
            if isinstance(v, float):
                return {"float": v}
            if isinstance(v, str):
                return {"str": v}
            if v is None:
                return {"none": None}
            raise TypeError(type(v))
        print(json.dumps([describe(torch.load(p, map_location="cpu")) for p in sys.argv[1:]]))
        """;

    /// <param name="ordered">false sorts dict entries by key, for values read back into unordered Hashtables.</param>
    public static JsonNode Describe(object? value, bool ordered) =>
        value switch
        {
            null => new JsonObject { ["none"] = null },
            Tensor t => DescribeTensor(t),
            IDictionary d => new JsonObject { ["dict"] = DescribeEntries(d, ordered) },
            string s => new JsonObject { ["str"] = s },
            bool b => new JsonObject { ["bool"] = b },
            int or long or short or byte => new JsonObject { ["int"] = Convert.ToInt64(value) },
            double or float => new JsonObject { ["float"] = Convert.ToDouble(value) },
            IEnumerable items => new JsonObject
            {
                ["list"] = new JsonArray(items.Cast<object?>().Select(x => Describe(x, ordered)).ToArray()),
            },
            _ => throw new ArgumentException($"Cannot describe {value.GetType()}"),
        };

    private static JsonArray DescribeEntries(IDictionary dictionary, bool ordered)
    {
        // IDictionary's own enumerator yields DictionaryEntry; the plain IEnumerable one of a generic dictionary does
        // not.
        var listed = new List<DictionaryEntry>();
        foreach (DictionaryEntry entry in dictionary)
            listed.Add(entry);
        IEnumerable<DictionaryEntry> entries = listed;
        if (!ordered)
            entries = entries.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal);
        return new JsonArray(
            entries
                .Select(e =>
                    (JsonNode)
                        new JsonArray(
                            e.Key is string s
                                ? JsonValue.Create(s)
                                : new JsonObject { ["int"] = Convert.ToInt64(e.Key) },
                            Describe(e.Value, ordered)
                        )
                )
                .ToArray()
        );
    }

    private static JsonObject DescribeTensor(Tensor tensor)
    {
        using var flat = tensor.detach().cpu().flatten().contiguous();
        JsonArray values = tensor.dtype switch
        {
            ScalarType.Bool => new JsonArray(flat.data<bool>().Select(v => (JsonNode)v).ToArray()),
            ScalarType.Float64 or ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 => new JsonArray(
                Values<double>(flat, ScalarType.Float64).Select(v => (JsonNode)v).ToArray()
            ),
            _ => new JsonArray(Values<long>(flat, ScalarType.Int64).Select(v => (JsonNode)v).ToArray()),
        };
        return new JsonObject
        {
            ["tensor"] = PythonDtype(tensor.dtype),
            ["shape"] = new JsonArray(tensor.shape.Select(n => (JsonNode)n).ToArray()),
            ["values"] = values,
            ["requires_grad"] = tensor.requires_grad,
        };
    }

    private static T[] Values<T>(Tensor flat, ScalarType as_type)
        where T : unmanaged
    {
        using var converted = flat.to_type(as_type);
        return converted.data<T>().ToArray();
    }

    private static string PythonDtype(ScalarType dtype) =>
        dtype switch
        {
            ScalarType.Float64 => "float64",
            ScalarType.Float32 => "float32",
            ScalarType.Float16 => "float16",
            ScalarType.BFloat16 => "bfloat16",
            ScalarType.Int64 => "int64",
            ScalarType.Int32 => "int32",
            ScalarType.Int16 => "int16",
            ScalarType.Int8 => "int8",
            ScalarType.Byte => "uint8",
            ScalarType.Bool => "bool",
            _ => throw new ArgumentException($"No Python name for {dtype}"),
        };
}
