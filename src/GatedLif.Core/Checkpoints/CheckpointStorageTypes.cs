using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>The typed storage classes torch.save names (<c>torch.FloatStorage</c>, ...) and their element
/// types.</summary>
internal static class CheckpointStorageTypes
{
    public static readonly IReadOnlyDictionary<string, (ScalarType Type, int Bytes)> ByName = new Dictionary<
        string,
        (ScalarType, int)
    >
    {
        ["DoubleStorage"] = (ScalarType.Float64, 8),
        ["FloatStorage"] = (ScalarType.Float32, 4),
        ["HalfStorage"] = (ScalarType.Float16, 2),
        ["BFloat16Storage"] = (ScalarType.BFloat16, 2),
        ["LongStorage"] = (ScalarType.Int64, 8),
        ["IntStorage"] = (ScalarType.Int32, 4),
        ["ShortStorage"] = (ScalarType.Int16, 2),
        ["CharStorage"] = (ScalarType.Int8, 1),
        ["ByteStorage"] = (ScalarType.Byte, 1),
        ["BoolStorage"] = (ScalarType.Bool, 1),
        ["ComplexFloatStorage"] = (ScalarType.ComplexFloat32, 8),
        ["ComplexDoubleStorage"] = (ScalarType.ComplexFloat64, 16),
    };
}
