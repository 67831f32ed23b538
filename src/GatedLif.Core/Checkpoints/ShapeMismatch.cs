namespace GatedLif.Checkpoints;

/// <summary>A key present in both the model and the checkpoint whose tensor shapes differ.</summary>
public sealed record ShapeMismatch(string Key, long[] Expected, long[] Actual)
{
    public override string ToString() => $"{Key}: model {FormatShape(Expected)}, checkpoint {FormatShape(Actual)}";

    internal static string FormatShape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
