using System.Globalization;
using System.Text;

namespace GatedLif.Statistics;

/// <summary>
/// The report as text for the log: one row per layer in module order (spiking layers: neurons, firing rate and the
/// shares that never and always fired; convolutions and linear layers: SOPs and MACs), every number per sample, then
/// the totals and the energy estimate.
/// </summary>
public static class SpikeStatisticsTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(SpikeStatisticsReport report)
    {
        int nameWidth = Math.Max(5, report.Layers.Select(l => l.Layer.Length).DefaultIfEmpty(0).Max());
        int kindWidth = Math.Max(4, report.Layers.Select(l => l.Kind.Length).DefaultIfEmpty(0).Max());
        string Row(
            string layer,
            string kind,
            string neurons,
            string rate,
            string never,
            string always,
            string sops,
            string macs
        ) =>
            $"{layer.PadRight(nameWidth)}  {kind.PadRight(kindWidth)}  {neurons, 11}  {rate, 11}  {never, 6}  "
            + $"{always, 6}  {sops, 15}  {macs, 15}".TrimEnd();

        var text = new StringBuilder();
        text.AppendLine(
            Invariant,
            $"spike statistics: {report.Samples} samples, T = {report.TimeSteps}, numbers per sample"
        );
        text.AppendLine(Row("layer", "kind", "neurons", "firing rate", "never", "always", "SOPs", "MACs"));
        foreach (var layer in report.Layers)
        {
            if (layer.Neurons is { } n)
                text.AppendLine(
                    Row(
                        layer.Layer,
                        layer.Kind,
                        Count(n.Count),
                        Rate(n.FiringRate),
                        Percent(n.NeverFired),
                        Percent(n.AlwaysFired),
                        "",
                        ""
                    )
                );
            else if (layer.Synapses is { } s)
                text.AppendLine(Row(layer.Layer, layer.Kind, "", "", "", "", Count(s.Sops), Count(s.Macs)));
        }
        var totals = report.Totals;
        text.AppendLine(
            Row(
                "total",
                "",
                Count(totals.Neurons),
                Rate(totals.FiringRate),
                "",
                "",
                Count(totals.Sops),
                Count(totals.Macs)
            )
        );

        var e = report.Energy;
        text.AppendLine(
            Invariant,
            $"energy per sample at E_MAC = {Number(e.MacPicojoules)} pJ, E_AC = {Number(e.AcPicojoules)} pJ:"
        );
        text.AppendLine(
            Invariant,
            $"  SNN: {Count(totals.Macs)} MACs x E_MAC + {Count(totals.Sops)} SOPs x E_AC = "
                + $"{Energy(totals.SnnEnergyPicojoules)}"
        );
        text.AppendLine(
            Invariant,
            $"  ANN (the same network, T = 1): {Count(totals.AnnMacs)} MACs x E_MAC = "
                + $"{Energy(totals.AnnEnergyPicojoules)}; SNN / ANN = "
                + $"{Ratio(totals.SnnEnergyPicojoules, totals.AnnEnergyPicojoules)}"
        );
        text.Append(
            Invariant,
            $"  neuron updates: {Count(totals.NeuronUpdates)} (neurons x T): {Energy(totals.NeuronEnergyPicojoules)} "
                + $"for these neurons, {Energy(totals.PlainLifNeuronEnergyPicojoules)} for plain LIF neurons "
                + $"({Ratio(totals.NeuronEnergyPicojoules, totals.PlainLifNeuronEnergyPicojoules)} x)"
        );
        return text.ToString();
    }

    private static string Count(double value) => Math.Round(value).ToString("N0", Invariant);

    private static string Rate(double value) => value.ToString("F4", Invariant);

    private static string Percent(double share) => (100 * share).ToString("F1", Invariant) + "%";

    private static string Number(double value) => value.ToString("G6", Invariant);

    private static string Ratio(double numerator, double denominator) =>
        denominator > 0 ? (numerator / denominator).ToString("F3", Invariant) : "n/a";

    /// <summary>Picojoules with the SI prefix that keeps 1 to 999 before the point.</summary>
    public static string Energy(double picojoules)
    {
        string[] units = ["pJ", "nJ", "µJ", "mJ", "J"];
        int unit = 0;
        double value = picojoules;
        while (Math.Abs(value) >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return $"{value.ToString("F3", Invariant)} {units[unit]}";
    }
}
