using GatedLif.Cli.Summaries;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// The paper's per-layer distributions: one panel per GLIF parameter, one box per layer (median, quartiles, whiskers
/// at the 5th and 95th percentiles over channels and steps) of its values after σ. A layer-wise neuron's single value is
/// a dot.
/// </summary>
public static class ParameterDistributionFigure
{
    public static void Save(string path, IReadOnlyList<LayerRecord> layers, string caption)
    {
        var panels = new List<Plot>();
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var name in GlifParameterRecords.Quantities)
        {
            var color = palette.GetColor(index++);
            var present = layers.Select((l, i) => (Position: i + 1, Values: l.Parameters.TryGetValue(name, out var t) ? t.AfterSigmoid() : null))
                .Where(l => l.Values is not null).ToList();
            if (present.Count == 0) continue;
            var plot = new Plot();
            var boxes = new List<Box>();
            var dots = new List<Coordinates>();
            foreach (var (position, values) in present)
            {
                Array.Sort(values!);
                if (values!.Length == 1)
                {
                    dots.Add(new Coordinates(position, values[0]));
                    continue;
                }
                boxes.Add(new Box
                {
                    Position = position,
                    BoxMin = Percentile(values, 25),
                    BoxMax = Percentile(values, 75),
                    BoxMiddle = Percentile(values, 50),
                    WhiskerMin = Percentile(values, 5),
                    WhiskerMax = Percentile(values, 95),
                    Width = 0.6,
                });
            }
            if (boxes.Count > 0)
            {
                var boxPlot = plot.Add.Boxes(boxes);
                boxPlot.FillColor = color.WithAlpha(0.35);
                boxPlot.LineColor = color.Darken(0.3);
                boxPlot.LineWidth = 1.5f;
            }
            if (dots.Count > 0)
            {
                var line = plot.Add.Scatter(dots.ToArray(), color);
                line.MarkerSize = 9;
                line.LineWidth = 1.5f;
                line.LinePattern = LinePattern.Dotted;
            }
            plot.Title(GlifQuantity.Title(name), 15);
            plot.XLabel("GLIF layer (input → output)", 13);
            plot.YLabel($"σ({GlifQuantity.Symbol(name)}), dimensionless", 13);
            PlotStyle.LayerTicks(plot, layers.Count);
            PlotStyle.UnitRange(plot, present.SelectMany(p => p.Values!));
            panels.Add(plot);
        }
        if (panels.Count > 0)
            panels[0].Title($"{GlifQuantity.Title(GlifParameterRecords.Quantities[0])}\n{caption}", 15);
        FigureFile.SavePng(path, panels, columns: 4, width: 2000, height: 1000);
    }

    /// <summary>Linear interpolation between order statistics (NumPy's default) of sorted values.</summary>
    public static double Percentile(double[] sorted, double percent)
    {
        double rank = percent / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }
}
