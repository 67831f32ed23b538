using GatedLif.Cli.Summaries;
using GatedLif.Neurons;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// How the GLIF parameters learn: one panel per parameter, one line per layer of its mean after σ (over channels and
/// steps) against the epoch; epoch 0 is the initial model. Each line is labelled at its end with its layer's
/// state_dict prefix and has the layer's colour of the distributions figure; the ninth panel lists them all.
/// </summary>
public static class ParameterEvolutionFigure
{
    /// <summary>Eight parameter panels and the list of layers, three by three.</summary>
    private const int Columns = 3,
        Rows = 3,
        Width = 1800,
        Height = 1500;

    public static void Save(string path, GlifParameterRecords records) =>
        FigureFile.SavePng(path, Panels(records), Columns, Width, Height);

    /// <summary>One panel per GLIF parameter the records hold, then the panel that lists the layers.</summary>
    public static IReadOnlyList<Plot> Panels(GlifParameterRecords records)
    {
        var epochs = records.Epochs.OrderBy(e => e.Epoch).ToList();
        var layerNames = epochs.SelectMany(e => e.Layers.Select(l => l.Layer)).Distinct().ToList();
        int lastEpoch = Math.Max(1, epochs[^1].Epoch);
        var panels = new List<Plot>();
        foreach (var name in GlifParameter.All.Select(p => p.Name))
        {
            var plot = new Plot();
            var ends = new List<(int Layer, Coordinates End)>();
            for (int i = 0; i < layerNames.Count; i++)
            {
                var points = epochs
                    .Select(e => (e.Epoch, Layer: e.Layers.FirstOrDefault(l => l.Layer == layerNames[i])))
                    .Where(p => p.Layer is not null && p.Layer.Parameters.ContainsKey(name))
                    .Select(p => new Coordinates(p.Epoch, p.Layer!.Parameters[name].AfterSigmoid().Average()))
                    .ToArray();
                if (points.Length == 0)
                    continue;
                var line = plot.Add.Scatter(points, LayerPalette.ColorOf(i));
                line.LineWidth = 2;
                line.LinePattern = LayerPalette.PatternOf(i);
                line.MarkerSize = points.Length > 40 ? 0 : 5;
                ends.Add((i, points[^1]));
            }
            if (ends.Count == 0)
                continue;
            plot.Title(GlifParameter.Named(name)?.Title ?? name, 15);
            plot.XLabel("epoch (0 = initial model)", 13);
            plot.YLabel($"mean σ({GlifParameter.Named(name)?.Symbol ?? name}) over channels", 13);
            var means = plot.GetPlottables<ScottPlot.Plottables.Scatter>()
                .SelectMany(s => s.Data.GetScatterPoints())
                .Select(p => p.Y);
            var yLimits = PlotStyle.UnitRange(plot, means);
            LabelEnds(plot, ends, layerNames, lastEpoch, yLimits);
            panels.Add(plot);
        }
        panels.Add(Legend(layerNames, records.ModelTag));
        return panels;
    }

    /// <summary>
    /// Writes each layer's name to the right of its line's end, spread so that no two overlap, with a thin leader from
    /// the end to the name; the x axis leaves room for the names and ticks only the epochs.
    /// </summary>
    private static void LabelEnds(
        Plot plot,
        List<(int Layer, Coordinates End)> ends,
        IReadOnlyList<string> layerNames,
        int lastEpoch,
        (double Low, double High) y
    )
    {
        using var paint = Paint.NewDisposablePaint();
        float fontSize = ends.Count > 24 ? 9 : 10;
        var labels = ends.Select(e => LayerLabel.Short(layerNames[e.Layer])).ToList();
        float labelWidth = labels.Max(l =>
            new LabelStyle
            {
                Text = l,
                FontName = PlotStyle.FontName,
                FontSize = fontSize,
            }
                .Measure(paint)
                .Width
        );
        // The data area of a panel, less its title and axes (measured on the rendered figure).
        double dataWidth = Width / Columns - 95.0,
            dataHeight = Height / Rows - 110.0;
        const double leaderPixels = 18;
        double left = -0.2,
            epochsWidth = lastEpoch + 0.2 - left;
        double pixelsPerEpoch = (dataWidth - labelWidth - leaderPixels - 6) / epochsWidth;
        double right = lastEpoch + 0.2 + (labelWidth + leaderPixels + 6) / pixelsPerEpoch;
        plot.Axes.SetLimitsX(left, right);
        var ticks = EpochTicks(lastEpoch);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks,
            ticks.Select(t => $"{t:0}").ToArray()
        );

        double gap = (y.High - y.Low) * (fontSize + 4) / dataHeight;
        var placed = LabelSpreading.Spread(ends.Select(e => e.End.Y).ToList(), gap, y.Low + gap / 2, y.High - gap / 2);
        double textX = lastEpoch + 0.2 + leaderPixels / pixelsPerEpoch;
        for (int k = 0; k < ends.Count; k++)
        {
            var (layer, end) = ends[k];
            var color = LayerPalette.ColorOf(layer);
            var leader = plot.Add.Line(end.X, end.Y, textX - 2 / pixelsPerEpoch, placed[k]);
            leader.LineColor = color.WithAlpha(0.6);
            leader.LineWidth = 1;
            var text = plot.Add.Text(labels[k], textX, placed[k]);
            text.LabelFontSize = fontSize;
            text.LabelFontColor = color.Darken(0.4);
            text.LabelAlignment = Alignment.MiddleLeft;
        }
    }

    /// <summary>Whole epochs from 0 to the last, about eight of them.</summary>
    private static double[] EpochTicks(int lastEpoch)
    {
        int step = Math.Max(1, (int)Math.Ceiling(lastEpoch / 8.0));
        return Enumerable.Range(0, lastEpoch / step + 1).Select(i => (double)(i * step)).ToArray();
    }

    private static Plot Legend(IReadOnlyList<string> layerNames, string modelTag)
    {
        var legend = new Plot();
        legend.HideAxesAndGrid();
        legend.Title($"GLIF layers of {modelTag}", 15);
        for (int i = 0; i < layerNames.Count; i++)
            legend.Legend.ManualItems.Add(
                new LegendItem
                {
                    LabelText = layerNames[i],
                    LineColor = LayerPalette.ColorOf(i),
                    LinePattern = LayerPalette.PatternOf(i),
                    LineWidth = 3,
                }
            );
        legend.ShowLegend(Alignment.MiddleCenter);
        legend.Legend.FontSize = layerNames.Count > 20 ? 10 : 13;
        return legend;
    }
}
