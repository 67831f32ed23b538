using GatedLif.Cli.Summaries;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// How the GLIF parameters learn: one panel per parameter, one line per layer of its mean after σ (over channels and
/// steps) against the epoch; epoch 0 is the initial model. Layers run from dark (input) to light (output).
/// </summary>
public static class ParameterEvolutionFigure
{
    public static void Save(string path, GlifParameterRecords records)
    {
        var epochs = records.Epochs.OrderBy(e => e.Epoch).ToList();
        var layerNames = epochs.SelectMany(e => e.Layers.Select(l => l.Layer)).Distinct().ToList();
        var colormap = new ScottPlot.Colormaps.Viridis();
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
                var line = plot.Add.Scatter(points, colormap.GetColor(layerNames.Count == 1 ? 0 : 0.9 * i / (layerNames.Count - 1)));
                line.LineWidth = 2;
                line.MarkerSize = points.Length > 40 ? 0 : 5;
                if (i == 0 || i == layerNames.Count - 1 || layerNames.Count <= 6)
                    line.LegendText = $"layer {i + 1} ({layerNames[i]})";
                means.AddRange(points.Select(p => p.Y));
            }
            if (means.Count == 0) continue;
            plot.Title(GlifQuantity.Title(name), 15);
            PlotStyle.EpochAxis(plot);
            plot.XLabel("epoch (0 = initial model)", 13);
            plot.YLabel($"mean σ({GlifQuantity.Symbol(name)}) over channels", 13);
            PlotStyle.UnitRange(plot, means);
            plot.Axes.SetLimitsX(-0.2, Math.Max(1, epochs[^1].Epoch) + 0.2);
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = 10;
            panels.Add(plot);
        }
        FigureFile.SavePng(path, panels, columns: 4, width: 2000, height: 1000);
    }
}
