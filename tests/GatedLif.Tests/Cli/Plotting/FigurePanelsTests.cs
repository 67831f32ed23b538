using GatedLif.Cli.Logging;
using GatedLif.Cli.Plotting;
using GatedLif.Tests.TestSupport;
using ScottPlot;
using ScottPlot.Plottables;

namespace GatedLif.Tests.Cli.Plotting;

/// <summary>What the figures show, read from their panels before they are drawn.</summary>
public sealed class FigurePanelsTests
{
    private static ReferenceLogReader Log() =>
        new(
            [
                new TrainLogPoint(0, 2.0, null),
                new TrainLogPoint(0.5, 1.0, 0.3),
                new TrainLogPoint(1, 1.2, null),
                new TrainLogPoint(1.5, 0.8, 0.6),
                new TrainLogPoint(2, 0.9, null),
                new TrainLogPoint(2.5, 0.7, 0.7),
            ],
            [
                new TestLogPoint(1, 1.1, 0.45, 0.9),
                new TestLogPoint(2, 0.9, 0.55, 0.95),
                new TestLogPoint(3, 0.8, 0.6, 0.97),
            ]
        );

    private static string Title(Plot plot) => plot.Axes.Title.Label.Text;

    [Fact]
    public void Distributions_name_every_layer_by_its_state_dict_prefix()
    {
        var panels = ParameterDistributionFigure.Panels(
            SampleGlifRecords.ResNet18().Epochs[^1].Layers,
            "after epoch 3"
        );

        Assert.Equal(8, panels.Count);
        foreach (var panel in panels)
        {
            // The tick generator hands out its ticks once the panel has been laid out.
            using (panel.GetImage(500, 550)) { }
            var ticks = panel.Axes.Bottom.TickGenerator.Ticks;
            Assert.Equal(SampleGlifRecords.Layers, ticks.Select(t => t.Label));
            Assert.Equal(
                Enumerable.Range(1, SampleGlifRecords.Layers.Length).Select(i => (double)i),
                ticks.Select(t => t.Position)
            );
        }
        // Each layer's box has the layer's own colour.
        var boxes = panels[0].GetPlottables<BoxPlot>().ToList();
        Assert.Equal(SampleGlifRecords.Layers.Length, boxes.Count);
        Assert.Equal(
            SampleGlifRecords.Layers.Length,
            boxes.Select(b => Assert.Single(b.Boxes).FillColor.ToHex()).Distinct().Count()
        );
    }

    [Fact]
    public void Evolution_labels_each_line_at_its_end_with_its_layer_in_its_colour()
    {
        var panels = ParameterEvolutionFigure.Panels(SampleGlifRecords.ResNet18());

        Assert.Equal(9, panels.Count);
        var alpha = panels[0];
        var lines = alpha.GetPlottables<Scatter>().ToList();
        var labels = alpha.GetPlottables<Text>().ToList();
        Assert.Equal(SampleGlifRecords.Layers, labels.Select(t => t.LabelText));
        var ends = lines.Select(l => l.Data.GetScatterPoints()[^1].Y).ToArray();
        // The labels sit in the order of the lines' ends, right of the last epoch, inside the panel.
        var limits = alpha.Axes.GetLimits();
        var byEnd = Enumerable
            .Range(0, SampleGlifRecords.Layers.Length)
            .OrderBy(i => ends[i])
            .Select(i => labels[i].Location.Y)
            .ToArray();
        Assert.Equal(byEnd.Order(), byEnd);
        Assert.All(labels, t => Assert.InRange(t.Location.X, 3, limits.Right));
        Assert.All(labels, t => Assert.InRange(t.Location.Y, limits.Bottom, limits.Top));
        for (int i = 0; i < SampleGlifRecords.Layers.Length; i++)
            Assert.Equal(lines[i].Color.ToHex(), LayerPalette.ColorOf(i).ToHex());
        // The ninth panel lists the layers in the same looks.
        Assert.Equal(SampleGlifRecords.Layers, panels[^1].Legend.ManualItems.Select(item => item.LabelText));
    }

    [Fact]
    public void Training_curves_show_the_logs_fractions_the_epochs_running_loss_and_the_rate_per_epoch()
    {
        var panels = TrainingCurvesFigure.Panels(Log(), SampleGlifRecords.ResNet18());

        Assert.Equal(3, panels.Count);
        var (loss, accuracy, rates) = (panels[0], panels[1], panels[2]);

        var meanLines = loss.GetPlottables<Scatter>().Where(s => s.LineWidth > 2 && s.MarkerSize == 0).ToList();
        Assert.Equal(3, meanLines.Count);
        Assert.Equal([(0, 2.0), (0.5, 1.5)], meanLines[0].Data.GetScatterPoints().Select(c => (c.X, c.Y)));
        var raw = Assert.Single(loss.GetPlottables<Scatter>(), s => s.LegendText == "train, logged batches");
        Assert.True(raw.Color.Alpha < 128, "the raw batch losses are faint");

        var limits = accuracy.Axes.GetLimits();
        Assert.Equal((0, 1), (limits.Bottom, limits.Top));
        var testTop1 = Assert.Single(accuracy.GetPlottables<Scatter>(), s => s.LegendText == "test top-1");
        Assert.Equal([0.45, 0.55, 0.6], testTop1.Data.GetScatterPoints().Select(c => c.Y));
        Assert.Contains("fraction", accuracy.Axes.Left.Label.Text);

        Assert.Contains("one step per epoch", Title(rates));
        var others = Assert.Single(rates.GetPlottables<Scatter>(), s => s.LegendText == "SGD group 'others'");
        Assert.Equal(ConnectStyle.StepHorizontal, others.ConnectStyle);
        // Epoch e's rate from e - 1 to e.
        Assert.Equal(
            [(0, 0.1), (1, 0.05), (2, 0.1 / 3), (3, 0.1 / 3)],
            others.Data.GetScatterPoints().Select(c => (c.X, c.Y))
        );
    }
}
