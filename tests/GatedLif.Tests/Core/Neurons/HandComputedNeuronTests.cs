using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>Small cases worked through by hand from the GLIF membrane update and its rectangular surrogate, independent
/// of any generated fixture.</summary>
public sealed class HandComputedNeuronTests
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void Channel_wise_soft_neuron_follows_the_GLIF_recurrence_for_three_steps()
    {
        // Default initialisation: sigma(alpha) = 0.55, sigma(beta) = 0.65, sigma(gamma) = 0.55, tau = 0.25,
        // Vth = reVth = 0.5, leak = 0.0625, conduct = 0.5.
        var neuron = new ChannelWiseGlif(1, new GlifSettings(3, GlifSettings.DefaultGates, SoftMode: true));
        double al = 0.55,
            be = 0.65,
            ga = 0.55,
            tau = 0.25,
            vth = 0.5,
            leak = 0.0625,
            cond = 0.5;
        double[] x = [0.8, 0.3, 0.9];
        double u = 0,
            o = 0;
        var expected = new double[3];
        for (int t = 0; t < 3; t++)
        {
            double input = x[t] * (1 - be * (1 - cond));
            u = (1 - al * (1 - tau)) * u * (1 - ga * o) - (1 - al) * leak + input - (1 - ga) * vth * o;
            o = u - vth > 0 ? 1 : 0;
            expected[t] = o;
        }
        // u: 0.511875 → spike; 0.0847 → none; 0.6291 → spike.
        Assert.Equal([1.0, 0.0, 1.0], expected);

        var output = neuron.call(tensor(x.Select(v => (float)v).ToArray()).reshape(3, 1, 1, 1, 1));
        Assert.Equal(expected.Select(v => (float)v), output.data<float>().ToArray());
    }

    [Fact]
    public void Initial_values_are_the_logits_of_the_reference_constants()
    {
        var cw = new ChannelWiseGlif(2, new GlifSettings(3, GlifSettings.DefaultGates));
        var p = cw.named_parameters().ToDictionary(e => e.name, e => e.parameter);
        Assert.Equal((float)Math.Log(0.55 / 0.45), p["alpha"][0].item<float>(), 6);
        Assert.Equal((float)Math.Log(0.65 / 0.35), p["beta"][0].item<float>(), 6);
        Assert.Equal((float)Math.Log(1.0 / 3.0), p["tau"][1].item<float>(), 6);
        Assert.Equal(0f, p["Vth"][0].item<float>());
        Assert.Equal((float)Math.Log(1.0 / 15.0), p["leak"][0].item<float>(), 6);
        Assert.Equal([3L, 2L], p["conduct"].shape);

        // The layer-wise neuron starts its gates at -logit(p): sigma(alpha) = 1 - 0.55.
        var lw = new LayerWiseGlif(new GlifSettings(3, GlifSettings.DefaultGates));
        var q = lw.named_parameters().ToDictionary(e => e.name, e => e.parameter);
        Assert.Equal(0.45, Sigmoid(q["alpha"].item<float>()), 6);
        Assert.Empty(q["alpha"].shape);
        Assert.Equal([3L], q["conduct"].shape);

        // GLIF_f owns gamma (from the last gate value) but no alpha or beta.
        var fused = new FusedGlif(2, new GlifSettings(3, [0.6, 0.8, 0.9]));
        var f = fused.named_parameters().ToDictionary(e => e.name, e => e.parameter);
        Assert.Equal(["gamma", "tau", "Vth", "leak", "reVth", "conduct"], f.Keys);
        Assert.Equal(0.7, Sigmoid(f["gamma"][0].item<float>()), 6);
    }

    [Fact]
    public void Static_parameters_are_constants_outside_the_state()
    {
        var lw = new LayerWiseGlif(new GlifSettings(3, GlifSettings.DefaultGates, StaticParam: true));
        Assert.Equal(["alpha", "beta", "gamma"], lw.state_dict().Keys.Order());
        lw.to(float64);
        var spikes = lw.call(full(new long[] { 3, 1, 2 }, 0.9, float64));
        // u = 0.708, 0.691, 0.685 (see the channel-wise hand case for the arithmetic): a spike at every step.
        Assert.Equal(Enumerable.Repeat(1.0, 6), spikes.data<double>().ToArray());
        Assert.Equal(float64, spikes.dtype);
    }
}
