namespace GatedLif.Checkpoints;

/// <summary>
/// Dotted module names in model order whatever order a file lists them in: numeric parts compare as numbers
/// (features.10 after features.9), other parts ordinally.
/// </summary>
internal static class ModuleNameOrder
{
    public static readonly Comparer<string> Comparer = Comparer<string>.Create(
        (a, b) =>
        {
            var x = a.Split('.');
            var y = b.Split('.');
            for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                int c =
                    int.TryParse(x[i], out var p) && int.TryParse(y[i], out var q)
                        ? p.CompareTo(q)
                        : string.CompareOrdinal(x[i], y[i]);
                if (c != 0)
                    return c;
            }
            return x.Length.CompareTo(y.Length);
        }
    );
}
