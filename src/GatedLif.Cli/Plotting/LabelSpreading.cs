namespace GatedLif.Cli.Plotting;

/// <summary>
/// Places direct labels beside the ends of lines: no two closer than one label height, all within the panel, in
/// the order of the lines' ends, and as close to them as that allows (least squares: labels that would collide
/// share one block centred on their ends). ScottPlot has no label layout of its own.
/// </summary>
public static class LabelSpreading
{
    /// <param name="wanted">Where each label would sit: its line's end.</param>
    /// <param name="gap">The least distance between two labels' centres (a label's height, in data units).</param>
    /// <returns>The label positions, in the order of <paramref name="wanted"/>.</returns>
    public static double[] Spread(IReadOnlyList<double> wanted, double gap, double low, double high)
    {
        int n = wanted.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => wanted[i]).ThenBy(i => i).ToArray();
        var placed = new double[n];
        if (n == 0)
            return placed;
        if (gap * (n - 1) > high - low)
            gap = (high - low) / (n - 1);
        // With z_k = wanted_k - k * gap (k-th lowest), the labels keep the gap exactly when z does not decrease: the
        // closest such z is z's isotonic regression (pool adjacent violators), clamped to the panel.
        var blocks = new List<(double Sum, int Count)>();
        for (int k = 0; k < n; k++)
        {
            blocks.Add((wanted[order[k]] - k * gap, 1));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Count > blocks[^1].Sum / blocks[^1].Count)
            {
                var (sum, count) = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (blocks[^1].Sum + sum, blocks[^1].Count + count);
            }
        }
        int next = 0;
        foreach (var (sum, count) in blocks)
        {
            double z = Math.Clamp(sum / count, low, high - (n - 1) * gap);
            for (int c = 0; c < count; c++, next++)
                placed[order[next]] = z + next * gap;
        }
        return placed;
    }
}
