using GatedLif.Cli.Logging;
using GatedLif.Cli.Summaries;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// Training curves: loss and top-1 from the log (training at every --display-interval line, test after every epoch)
/// and the learning rate of each SGD group from the records.
/// </summary>
public static class TrainingCurvesFigure
{
    public static void Save(string path, ReferenceLogReader log, GlifParameterRecords? records)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var train = palette.GetColor(0);
        var test = palette.GetColor(1);
        var panels = new List<Plot>();

        var loss = new Plot();
        AddCurve(loss, log.Train.Select(p => new Coordinates(p.Epoch, p.Loss)), train, "train (batch, every display interval)", 1.5f, 0);
        AddCurve(loss, log.Test.Select(p => new Coordinates(p.Epoch, p.Loss)), test, "test (end of epoch)", 2.5f, 8);
        Style(loss, "Cross-entropy loss", "loss (nats per image)");
        panels.Add(loss);

        var accuracy = new Plot();
        AddCurve(accuracy, log.Train.Where(p => p.Top1 is not null).Select(p => new Coordinates(p.Epoch, 100 * p.Top1!.Value)), train,
            "train (mean over display interval)", 1.5f, 0);
        AddCurve(accuracy, log.Test.Select(p => new Coordinates(p.Epoch, 100 * p.Top1)), test, "test top-1", 2.5f, 8);
        AddCurve(accuracy, log.Test.Select(p => new Coordinates(p.Epoch, 100 * p.Top5)), palette.GetColor(2), "test top-5", 1.5f, 6);
        Style(accuracy, "Accuracy", "top-1 / top-5 (%)");
        accuracy.Axes.SetLimitsY(0, 100);
        accuracy.ShowLegend(Alignment.UpperLeft);
        panels.Add(accuracy);

        var trained = records?.Epochs.Where(e => e.LearningRates.Count > 0).OrderBy(e => e.Epoch).ToList() ?? [];
        if (trained.Count > 0)
        {
            var rates = new Plot();
            int g = 0;
            foreach (var group in trained[0].LearningRates.Keys)
            {
                // Constant over each epoch; groups that share a rate stay visible as dashes over a solid line.
                var line = AddCurve(rates, trained.Where(e => e.LearningRates.ContainsKey(group))
                    .SelectMany(e => new[] { new Coordinates(e.Epoch - 1, e.LearningRates[group]), new Coordinates(e.Epoch, e.LearningRates[group]) }),
                    palette.GetColor(3 + g), $"SGD group '{group}'", 4f - 1.2f * g, 0);
                if (line is not null && g > 0) line.LinePattern = LinePattern.Dashed;
                g++;
            }
            Style(rates, "Learning rate (cosine annealing)", "learning rate");
            rates.Axes.SetLimitsY(0, 1.1 * trained.SelectMany(e => e.LearningRates.Values).Max());
            panels.Add(rates);
        }
        // One epoch axis for all panels, from the start of training to the last epoch any of them reached.
        double last = Math.Max(1, Math.Ceiling(log.Train.Select(p => p.Epoch).Concat(log.Test.Select(p => (double)p.Epoch))
            .Concat(trained.Select(e => (double)e.Epoch)).DefaultIfEmpty(1).Max()));
        foreach (var panel in panels)
            panel.Axes.SetLimitsX(-0.05 * last, 1.05 * last);
        FigureFile.SavePng(path, panels, columns: panels.Count, width: 600 * panels.Count, height: 520);
    }

    private static ScottPlot.Plottables.Scatter? AddCurve(Plot plot, IEnumerable<Coordinates> points, Color color, string label,
        float width, float marker)
    {
        var array = points.ToArray();
        if (array.Length == 0) return null;
        var line = plot.Add.Scatter(array, color);
        line.LineWidth = width;
        line.MarkerSize = marker;
        line.LegendText = label;
        return line;
    }

    private static void Style(Plot plot, string title, string yLabel)
    {
        plot.Title(title, 15);
        PlotStyle.EpochAxis(plot);
        plot.YLabel(yLabel, 13);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 11;
    }
}
