using GatedLif.Statistics;
using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// A spike statistics report (<c>spike-stats.json</c>) as three panels, layers in network order and named as in the
/// state_dict: each spiking layer's firing rate; the shares of its neurons that never and always fired per sample;
/// each convolution's and linear layer's synaptic operations, MACs (input that is not spikes) and the dense ANN's MACs
/// per sample, with the energy totals in the title.
/// </summary>
public static class SpikeStatisticsFigure
{
    public static void Save(string path, SpikeStatisticsReport report, string caption)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var neurons = report.Layers.Where(l => l.Neurons is not null).ToList();
        var synapses = report.Layers.Where(l => l.Synapses is not null).ToList();
        if (neurons.Count == 0 && synapses.Count == 0)
            throw new InvalidDataException($"{caption}: the report holds no layer");

        var names = neurons.Select(l => l.Layer).ToArray();
        var rates = new Plot();
        AddBars(rates, neurons.Select(l => l.Neurons!.FiringRate).ToArray(), 0, 1, palette.GetColor(0), legend: null);
        rates.Title(
            $"Spiking layers: {caption}, T = {report.TimeSteps}, {report.Samples} samples; firing rate of the "
                + $"network {report.Totals.FiringRate:F4}",
            15
        );
        rates.YLabel("firing rate: spikes / (neurons x T)", 13);
        rates.Axes.SetLimitsY(0, 1.1 * neurons.Select(l => l.Neurons!.FiringRate).DefaultIfEmpty(0).Append(1e-3).Max());
        LayerAxis(rates, names);

        var extremes = new Plot();
        AddBars(
            extremes,
            neurons.Select(l => l.Neurons!.NeverFired).ToArray(),
            0,
            2,
            palette.GetColor(7),
            "fired at no step"
        );
        AddBars(
            extremes,
            neurons.Select(l => l.Neurons!.AlwaysFired).ToArray(),
            1,
            2,
            palette.GetColor(3),
            "fired at every step"
        );
        extremes.Title("Share of neurons per sample that never fired and that fired at every step", 15);
        extremes.YLabel("share of (sample, neuron) pairs", 13);
        extremes.Axes.SetLimitsY(0, 1.15);
        LayerAxis(extremes, names);
        extremes.ShowLegend(Alignment.UpperRight);

        var operations = new Plot();
        const double million = 1e6;
        AddBars(
            operations,
            synapses.Select(l => l.Synapses!.Sops / million).ToArray(),
            0,
            3,
            palette.GetColor(0),
            "SOPs (spike input)"
        );
        AddBars(
            operations,
            synapses.Select(l => l.Synapses!.Macs / million).ToArray(),
            1,
            3,
            palette.GetColor(1),
            "MACs (input not spikes, every step)"
        );
        AddBars(
            operations,
            synapses.Select(l => l.Synapses!.AnnMacs / million).ToArray(),
            2,
            3,
            palette.GetColor(7),
            "ANN MACs (T = 1)"
        );
        var t = report.Totals;
        operations.Title(
            $"Convolutions and linear layers per sample: SNN {SpikeStatisticsTable.Energy(t.SnnEnergyPicojoules)}, "
                + $"ANN {SpikeStatisticsTable.Energy(t.AnnEnergyPicojoules)} (E_MAC = "
                + $"{report.Energy.MacPicojoules:G4} pJ, E_AC = {report.Energy.AcPicojoules:G4} pJ)",
            15
        );
        operations.YLabel("millions of operations per sample", 13);
        LayerAxis(operations, synapses.Select(l => l.Layer).ToArray());
        operations.Axes.SetLimitsY(
            0,
            1.08
                * synapses
                    .Select(l => Math.Max(l.Synapses!.AnnMacs, Math.Max(l.Synapses.Sops, l.Synapses.Macs)) / million)
                    .DefaultIfEmpty(1)
                    .Max()
        );
        operations.ShowLegend(Alignment.UpperLeft);

        FigureFile.SavePng(
            path,
            [rates, extremes, operations],
            columns: 1,
            width: Math.Max(1400, 60 * Math.Max(neurons.Count, synapses.Count)),
            height: 2100
        );
    }

    /// <summary>Bar <paramref name="slot"/> of <paramref name="slots"/> side by side at each layer position
    /// 1..n.</summary>
    private static void AddBars(Plot plot, double[] values, int slot, int slots, Color color, string? legend)
    {
        double width = 0.8 / slots;
        var bars = values
            .Select(
                (v, i) =>
                    new Bar
                    {
                        Position = i + 1 - 0.4 + width * (slot + 0.5),
                        Value = v,
                        Size = width,
                        FillColor = color,
                        LineWidth = 0,
                    }
            )
            .ToArray();
        var plottable = plot.Add.Bars(bars);
        if (legend is not null)
            plottable.LegendText = legend;
    }

    /// <summary>Layer names under their positions, turned so that long state_dict names fit.</summary>
    private static void LayerAxis(Plot plot, string[] names)
    {
        plot.Axes.Bottom.SetTicks(names.Select((_, i) => i + 1.0).ToArray(), names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 50;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Turned about its start, a label would begin under the axis line; this moves it below.
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 8;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.MinimumSize = 10 + 7.5f * names.Select(n => n.Length).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsX(0.4, names.Length + 0.6);
    }
}
