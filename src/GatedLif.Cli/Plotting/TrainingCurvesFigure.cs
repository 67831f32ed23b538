using GatedLif.Cli.Logging;
using GatedLif.Cli.Summaries;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// Training curves: the loss (training batches logged at every --display-interval, faint, under their running mean
/// over the epoch; test after every epoch), top-1 and top-5 as fractions as the log writes them, and the learning
/// rate of each SGD group from the records as the schedule ran it: one value per epoch.
/// </summary>
public static class TrainingCurvesFigure
{
    public static void Save(string path, ReferenceLogReader log, GlifParameterRecords? records)
    {
        var panels = Panels(log, records);
        FigureFile.SavePng(path, panels, columns: panels.Count, width: 600 * panels.Count, height: 520);
    }

    /// <summary>The loss, accuracy and (with records) learning-rate panels, in that order.</summary>
    public static IReadOnlyList<Plot> Panels(ReferenceLogReader log, GlifParameterRecords? records)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var train = palette.GetColor(0);
        var test = palette.GetColor(1);
        var panels = new List<Plot>();

        var loss = new Plot();
        AddCurve(
            loss,
            log.Train.Select(p => new Coordinates(p.Epoch, p.Loss)),
            train.WithAlpha(0.3),
            "train, logged batches",
            1f,
            0
        );
        // One line per epoch: the mean starts afresh with each.
        var means = EpochRunningMean.Of(log.Train);
        for (int e = 0; e < means.Count; e++)
            AddCurve(loss, means[e], train, e == 0 ? "train, running mean over the epoch" : "", 2.5f, 0);
        AddCurve(loss, log.Test.Select(p => new Coordinates(p.Epoch, p.Loss)), test, "test (end of epoch)", 2.5f, 8);
        Style(loss, "Cross-entropy loss", "loss (nats per image)");
        panels.Add(loss);

        var accuracy = new Plot();
        AddCurve(
            accuracy,
            log.Train.Where(p => p.Top1 is not null).Select(p => new Coordinates(p.Epoch, p.Top1!.Value)),
            train.WithAlpha(0.6),
            "train top-1 (mean over display interval)",
            1.5f,
            0
        );
        AddCurve(accuracy, log.Test.Select(p => new Coordinates(p.Epoch, p.Top1)), test, "test top-1", 2.5f, 8);
        AddCurve(
            accuracy,
            log.Test.Select(p => new Coordinates(p.Epoch, p.Top5)),
            palette.GetColor(2),
            "test top-5",
            1.5f,
            6
        );
        Style(accuracy, "Accuracy", "top-1 / top-5 (fraction, as in the log)");
        accuracy.Axes.SetLimitsY(0, 1);
        // The legend takes the half of the panel the accuracies leave free.
        var fractions = log
            .Test.Select(p => p.Top1)
            .Concat(log.Train.Where(p => p.Top1 is not null).Select(p => p.Top1!.Value))
            .DefaultIfEmpty(0);
        accuracy.ShowLegend(fractions.Average() > 0.5 ? Alignment.LowerRight : Alignment.UpperRight);
        panels.Add(accuracy);

        var trained = records?.Epochs.Where(e => e.LearningRates.Count > 0).OrderBy(e => e.Epoch).ToList() ?? [];
        if (trained.Count > 0)
        {
            var rates = new Plot();
            int g = 0;
            foreach (var group in trained[0].LearningRates.Keys)
            {
                // Epoch e trains with one rate from e - 1 to e; the scheduler steps after it. Groups that share a
                // rate stay visible as dashes over a solid line.
                var steps = trained.Where(e => e.LearningRates.ContainsKey(group)).ToList();
                var line = AddCurve(
                    rates,
                    steps
                        .Select(e => new Coordinates(e.Epoch - 1, e.LearningRates[group]))
                        .Append(new Coordinates(steps[^1].Epoch, steps[^1].LearningRates[group])),
                    palette.GetColor(3 + g),
                    $"SGD group '{group}'",
                    4f - 1.2f * g,
                    0
                );
                if (line is not null)
                {
                    line.ConnectStyle = ConnectStyle.StepHorizontal;
                    if (g > 0)
                        line.LinePattern = LinePattern.Dashed;
                }
                g++;
            }
            Style(rates, "Learning rate: cosine annealing, one step per epoch", "learning rate");
            rates.Axes.SetLimitsY(0, 1.1 * trained.SelectMany(e => e.LearningRates.Values).Max());
            panels.Add(rates);
        }
        // One epoch axis for all panels, from the start of training to the last epoch any of them reached.
        double last = Math.Max(
            1,
            Math.Ceiling(
                log.Train.Select(p => p.Epoch)
                    .Concat(log.Test.Select(p => (double)p.Epoch))
                    .Concat(trained.Select(e => (double)e.Epoch))
                    .DefaultIfEmpty(1)
                    .Max()
            )
        );
        foreach (var panel in panels)
            panel.Axes.SetLimitsX(-0.05 * last, 1.05 * last);
        return panels;
    }

    private static ScottPlot.Plottables.Scatter? AddCurve(
        Plot plot,
        IEnumerable<Coordinates> points,
        Color color,
        string label,
        float width,
        float marker
    )
    {
        var array = points.ToArray();
        if (array.Length == 0)
            return null;
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
