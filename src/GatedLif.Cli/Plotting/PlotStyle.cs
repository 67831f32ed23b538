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

    /// <summary>Integer ticks 1..layers (thinned so that about a dozen labels fit).</summary>
    public static void LayerTicks(Plot plot, int layers)
    {
        int step = Math.Max(1, (int)Math.Ceiling(layers / 12.0));
        var positions = Enumerable.Range(1, layers).Where(i => (i - 1) % step == 0).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, positions.Select(p => $"{p:0}").ToArray());
        plot.Axes.SetLimitsX(0.3, layers + 0.7);
    }

    /// <summary>Values after σ lie in (0, 1): show that range unless the data sit in a narrow band of it.</summary>
    public static void UnitRange(Plot plot, IEnumerable<double> values)
    {
        var all = values.ToList();
        double min = all.Min(), max = all.Max();
        double pad = Math.Max(0.02, 0.08 * (max - min));
        plot.Axes.SetLimitsY(Math.Max(0, min - pad), Math.Min(1, max + pad));
    }
}
