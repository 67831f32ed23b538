using GatedLif.Cli.Summaries;
using GatedLif.Neurons;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// The paper's per-layer distributions: one panel per GLIF parameter, one box per layer (median, quartiles, whiskers
/// at the 5th and 95th percentiles over channels and steps) of its values after σ, named on the axis by the layer's
/// state_dict prefix and coloured as in the evolution figure. A layer-wise neuron's single value is a dot.
/// </summary>
public static class ParameterDistributionFigure
{
    public static void Save(string path, IReadOnlyList<LayerRecord> layers, string caption) =>
        FigureFile.SavePng(path, Panels(layers, caption), columns: 4, width: 2000, height: 1100);

    /// <summary>One panel per GLIF parameter that the layers hold, in the order of <see
    /// cref="GlifParameter.All"/>.</summary>
    public static IReadOnlyList<Plot> Panels(IReadOnlyList<LayerRecord> layers, string caption)
    {
        var names = layers.Select(l => l.Layer).ToList();
        var panels = new List<Plot>();
        foreach (var name in GlifParameter.All.Select(p => p.Name))
        {
            var present = layers
                .Select(
                    (l, i) => (Index: i, Values: l.Parameters.TryGetValue(name, out var t) ? t.AfterSigmoid() : null)
                )
                .Where(l => l.Values is not null)
                .ToList();
            if (present.Count == 0)
                continue;
            var plot = new Plot();
            var dots = new List<Coordinates>();
            foreach (var (index, values) in present)
            {
                Array.Sort(values!);
                var color = LayerPalette.ColorOf(index);
                if (values!.Length == 1)
                {
                    dots.Add(new Coordinates(index + 1, values[0]));
                    continue;
                }
                var box = plot.Add.Box(
                    new Box
                    {
                        Position = index + 1,
                        BoxMin = Percentile(values, 25),
                        BoxMax = Percentile(values, 75),
                        BoxMiddle = Percentile(values, 50),
                        WhiskerMin = Percentile(values, 5),
                        WhiskerMax = Percentile(values, 95),
                        Width = 0.6,
                    }
                );
                box.FillColor = color.WithAlpha(0.45);
                box.LineColor = color.Darken(0.35);
                box.LineWidth = 1.5f;
            }
            if (dots.Count > 0)
            {
                // A thin grey line leads the eye along the layers; each dot has its layer's colour.
                var line = plot.Add.Scatter(dots.ToArray(), Colors.Gray);
                line.MarkerSize = 0;
                line.LineWidth = 1;
                line.LinePattern = LinePattern.Dotted;
                foreach (var dot in dots)
                {
                    var marker = plot.Add.Marker(
                        dot,
                        MarkerShape.FilledCircle,
                        10,
                        LayerPalette.ColorOf((int)dot.X - 1)
                    );
                    marker.MarkerLineColor = Colors.Black;
                    marker.MarkerLineWidth = 0.5f;
                }
            }
            plot.Title(GlifParameter.Named(name)?.Title ?? name, 15);
            plot.XLabel("GLIF layer (state_dict prefix, input → output)", 13);
            plot.YLabel($"σ({GlifParameter.Named(name)?.Symbol ?? name}), dimensionless", 13);
            PlotStyle.LayerTicks(plot, names);
            PlotStyle.UnitRange(plot, present.SelectMany(p => p.Values!));
            panels.Add(plot);
        }
        if (panels.Count > 0)
            panels[0].Title($"{GlifParameter.All[0].Title}\n{caption}", 15);
        return panels;
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
