using GatedLif.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training;

/// <summary>torch.cuda.amp.GradScaler's rules, on the CPU with injected inf/NaN gradients.</summary>
public sealed class GradScalerTests
{
    private static (Parameter W, optim.Optimizer Sgd) Problem()
    {
        var w = new Parameter(tensor(new float[] { 1f, 2f }));
        return (w, optim.SGD([w], 0.5));
    }

    [Fact]
    public void Scales_the_loss_unscales_the_gradients_and_steps()
    {
        var (w, sgd) = Problem();
        var scaler = new GradScaler();
        Assert.Equal(65536.0, scaler.Scale);
        var loss = (w * w).sum();
        var scaled = scaler.ScaleLoss(loss);
        Assert.Equal(loss.item<float>() * 65536f, scaled.item<float>());
        scaled.backward();
        Assert.True(scaler.Step(() => sgd.step(), [w]));
        // d/dw sum(w^2) = 2w, unscaled before the step: w - 0.5 * 2w = 0.
        Assert.Equal([0f, 0f], w.data<float>().ToArray());
        scaler.Update();
        Assert.Equal((65536.0, 1), (scaler.Scale, scaler.GrowthTracker));
    }

    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NaN)]
    public void A_non_finite_gradient_skips_the_step_and_halves_the_scale(float bad)
    {
        var (w, sgd) = Problem();
        var scaler = new GradScaler();
        for (int i = 0; i < 3; i++)
        {
            sgd.zero_grad();
            scaler.ScaleLoss((w * w).sum()).backward();
            scaler.Step(() => sgd.step(), [w]);
            scaler.Update();
        }
        Assert.Equal(3, scaler.GrowthTracker);
        var before = w.detach().clone();
        sgd.zero_grad();
        scaler.ScaleLoss((w * w).sum()).backward();
        using (no_grad())
            w.grad![1] = bad;
        Assert.False(scaler.Step(() => sgd.step(), [w]));
        Assert.True(before.eq(w.detach()).all().item<bool>());
        scaler.Update();
        Assert.Equal((32768.0, 0), (scaler.Scale, scaler.GrowthTracker));
    }

    [Fact]
    public void The_scale_grows_after_growth_interval_clean_steps_and_round_trips_its_state()
    {
        var (w, sgd) = Problem();
        var scaler = new GradScaler(growthInterval: 3);
        for (int i = 0; i < 7; i++)
        {
            sgd.zero_grad();
            scaler.ScaleLoss((w * w).sum()).backward();
            scaler.Step(() => sgd.step(), [w]);
            scaler.Update();
        }
        // Growth after steps 3 and 6: 2^16 * 2 * 2, one clean step since.
        Assert.Equal((262144.0, 1), (scaler.Scale, scaler.GrowthTracker));
        var state = scaler.StateDict();
        Assert.Equal(["scale", "growth_factor", "backoff_factor", "growth_interval", "_growth_tracker"], state.Keys);
        Assert.Equal(
            (2.0, 0.5, 3),
            ((double)state["growth_factor"], (double)state["backoff_factor"], (int)state["growth_interval"])
        );
        var restored = new GradScaler(growthInterval: 3);
        restored.LoadStateDict(state);
        Assert.Equal((262144.0, 1), (restored.Scale, restored.GrowthTracker));
        Assert.Throws<InvalidOperationException>(() => restored.Update());
    }

    [Fact]
    public void Disabled_scaler_passes_through_and_amp_is_float32_on_the_cpu()
    {
        var (w, sgd) = Problem();
        var precision = MixedPrecision.For(amp: true, CPU);
        Assert.Null(precision.LowPrecision);
        Assert.Contains("CUDA is not in use", precision.Warning);
        Assert.DoesNotContain("--", precision.Warning);
        var scaler = precision.Scaler;
        Assert.False(scaler.Enabled);
        var loss = (w * w).sum();
        Assert.Same(loss, scaler.ScaleLoss(loss));
        loss.backward();
        using (no_grad())
            w.grad![0] = float.PositiveInfinity;
        Assert.True(scaler.Step(() => sgd.step(), [w]));
        scaler.Update();
        Assert.Empty(scaler.StateDict());
        Assert.Null(MixedPrecision.For(amp: false, CPU).Warning);
    }
}
