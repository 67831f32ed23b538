using GatedLif.Neurons;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Neurons;

/// <summary>The reference's <c>--randomgate</c>: every gate drawn anew, in the order the reference draws
/// them.</summary>
public sealed class GateRandomizerTests
{
    [Fact]
    public void Random_gates_are_uniform_in_a_tenth_and_leave_GLIF_f_alone()
    {
        // Tests run in parallel, so the draws come from a generator of the test's own.
        var generator = new Generator(9);
        var model = nn.Sequential(
            ("0", new ChannelWiseGlif(200, new GlifSettings(2, GlifSettings.DefaultGates))),
            ("1", new FusedGlif(4, new GlifSettings(2, GlifSettings.DefaultGates)))
        );
        GateRandomizer.Randomize(model, generator);
        var p = model.named_parameters().ToDictionary(e => e.name, e => e.parameter);
        foreach (var gate in new[] { "0.alpha", "0.beta", "0.gamma" })
        {
            Assert.True(p[gate].abs().max().item<float>() <= 0.1f);
            Assert.True(p[gate].std().item<float>() > 0.03f);
        }
        Assert.Equal((float)GlifSettings.Logit(0.55), p["1.gamma"][0].item<float>());

        // Same seed, same draws: alpha of the first neuron is drawn first, as in the reference.
        var expected = empty(200).uniform_(-0.1, 0.1, new Generator(9));
        Assert.True(expected.eq(p["0.alpha"].detach()).all().item<bool>());
    }
}
