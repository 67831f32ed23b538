using GatedLif.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training.Optimization;

public sealed class SgdStepTests
{
    private sealed class TwoParameters : nn.Module
    {
        public TwoParameters()
            : base(nameof(TwoParameters))
        {
            register_parameter("weight", new Parameter(tensor(new[] { 1.0f, -2.0f })));
            register_parameter("alpha", new Parameter(tensor(new[] { 0.5f })));
        }
    }

    [Fact]
    public void Two_steps_match_hand_arithmetic_with_momentum_and_decay_only_on_weights()
    {
        var model = new TwoParameters();
        var groups = ParameterGroups.For(model, 0.1, 0.01, tunableLif: false, imageNet: false);
        using var sgd = ParameterGroups.Sgd(groups, 0.9);
        var p = model.named_parameters().ToDictionary(e => e.name, e => e.parameter);

        // loss = sum(weight^2) + 3 alpha: d/dweight = 2 w, d/dalpha = 3.
        for (int step = 0; step < 2; step++)
        {
            sgd.zero_grad();
            ((p["weight"] * p["weight"]).sum() + 3 * p["alpha"].sum()).backward();
            sgd.step();
        }
        // Step 1: g = 2w + 0.01 w = 2.01 w; buf = g; w1 = w - 0.1 g = 0.799 w.
        // Step 2: g = 2.01 w1; buf = 0.9 * 2.01 w + 2.01 w1; w2 = w1 - 0.1 buf.
        double[] w0 = [1.0, -2.0];
        var expected = w0.Select(w =>
            {
                double w1 = w - 0.1 * 2.01 * w;
                double buf = 0.9 * 2.01 * w + 2.01 * w1;
                return w1 - 0.1 * buf;
            })
            .ToArray();
        var got = p["weight"].data<float>().ToArray();
        Assert.Equal(expected[0], got[0], 5);
        Assert.Equal(expected[1], got[1], 5);
        // alpha: no decay; buf = 3, then 0.9*3 + 3 = 5.7; alpha = 0.5 - 0.3 - 0.57.
        Assert.Equal(0.5 - 0.3 - 0.57, p["alpha"].item<float>(), 5);
    }
}
