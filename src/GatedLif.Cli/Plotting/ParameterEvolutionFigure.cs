using GatedLif.Cli.Summaries;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// How the GLIF parameters learn: one panel per parameter, one line per layer of its mean after σ (over channels and
/// steps) against the epoch; epoch 0 is the initial model. Layers run from dark (input) to light (output); the ninth
/// panel names every layer's colour.
/// </summary>
public static class ParameterEvolutionFigure
{
    public static void Save(string path, GlifParameterRecords records)
    {
        var epochs = records.Epochs.OrderBy(e => e.Epoch).ToList();
        var layerNames = epochs.SelectMany(e => e.Layers.Select(l => l.Layer)).Distinct().ToList();
        var colormap = new ScottPlot.Colormaps.Viridis();
        Color ColorOf(int layer) => colormap.GetColor(layerNames.Count == 1 ? 0 : 0.9 * layer / (layerNames.Count - 1));
        var panels = new List<Plot>();
        foreach (var name in GlifParameterRecords.Quantities)
        {
            var plot = new Plot();
            var means = new List<double>();
            for (int i = 0; i < layerNames.Count; i++)
            {
                var points = epochs
                    .Select(e => (e.Epoch, Layer: e.Layers.FirstOrDefault(l => l.Layer == layerNames[i])))
                    .Where(p => p.Layer is not null && p.Layer.Parameters.ContainsKey(name))
                    .Select(p => new Coordinates(p.Epoch, p.Layer!.Parameters[name].AfterSigmoid().Average()))
                    .ToArray();
                if (points.Length == 0) continue;
                var line = plot.Add.Scatter(points, ColorOf(i));
                line.LineWidth = 2;
                line.MarkerSize = points.Length > 40 ? 0 : 5;
                means.AddRange(points.Select(p => p.Y));
            }
            if (means.Count == 0) continue;
            plot.Title(GlifQuantity.Title(name), 15);
            PlotStyle.EpochAxis(plot);
            plot.XLabel("epoch (0 = initial model)", 13);
            plot.YLabel($"mean σ({GlifQuantity.Symbol(name)}) over channels", 13);
            PlotStyle.UnitRange(plot, means);
            plot.Axes.SetLimitsX(-0.2, Math.Max(1, epochs[^1].Epoch) + 0.2);
            panels.Add(plot);
        }
        panels.Add(Legend(layerNames, ColorOf, records.ModelTag));
        FigureFile.SavePng(path, panels, columns: 3, width: 1800, height: 1500);
    }

    private static Plot Legend(IReadOnlyList<string> layerNames, Func<int, Color> colorOf, string modelTag)
    {
        var legend = new Plot();
        legend.HideAxesAndGrid();
        legend.Title($"GLIF layers of {modelTag}", 15);
        for (int i = 0; i < layerNames.Count; i++)
            legend.Legend.ManualItems.Add(new LegendItem { LabelText = $"{i + 1}: {layerNames[i]}", LineColor = colorOf(i), LineWidth = 4 });
        legend.ShowLegend(Alignment.MiddleCenter);
        legend.Legend.FontSize = layerNames.Count > 20 ? 10 : 13;
        return legend;
    }
}
