using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>Axis conventions the figures share.</summary>
public static class PlotStyle
{
    public const string FontName = "DejaVu Sans";

    /// <summary>Epochs are whole numbers.</summary>
    public static void EpochAxis(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("epoch", 13);
    }

    /// <summary>
    /// One tick per layer at 1..n, labelled with its (shortened) state_dict name, written upwards so that every
    /// name fits; the axis grows to hold the longest.
    /// </summary>
    public static void LayerTicks(Plot plot, IReadOnlyList<string> layers)
    {
        var positions = Enumerable.Range(1, layers.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            positions,
            layers.Select(LayerLabel.Short).ToArray()
        );
        var labels = plot.Axes.Bottom.TickLabelStyle;
        labels.Rotation = -90;
        labels.Alignment = Alignment.MiddleRight;
        labels.FontSize = layers.Count > 24 ? 9 : 11;
        using var paint = Paint.NewDisposablePaint();
        float longest = layers.Max(l =>
            new LabelStyle
            {
                Text = LayerLabel.Short(l),
                FontName = FontName,
                FontSize = labels.FontSize,
            }
                .Measure(paint)
                .Width
        );
        plot.Axes.Bottom.MinimumSize = longest + 2 * plot.Axes.Bottom.Label.FontSize + 10;
        plot.Axes.SetLimitsX(0.3, layers.Count + 0.7);
    }

    /// <summary>Values after σ lie in (0, 1): show that range unless the data sit in a narrow band of it.</summary>
    /// <returns>The y limits set.</returns>
    public static (double Low, double High) UnitRange(Plot plot, IEnumerable<double> values)
    {
        var all = values.ToList();
        double min = all.Min(),
            max = all.Max();
        double pad = Math.Max(0.02, 0.08 * (max - min));
        var (low, high) = (Math.Max(0, min - pad), Math.Min(1, max + pad));
        plot.Axes.SetLimitsY(low, high);
        return (low, high);
    }
}
