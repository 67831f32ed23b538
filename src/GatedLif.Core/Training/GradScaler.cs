using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// Dynamic loss scaling with torch.cuda.amp.GradScaler's rules and defaults: the loss is multiplied by the scale
/// (initially 2^16) before backward; <see cref="Step"/> unscales the gradients and skips the optimiser step when
/// any is inf or NaN; <see cref="Update"/> then halves the scale (backoff), or doubles it after 2000 consecutive
/// clean steps (growth). A disabled scaler is a pass-through, as PyTorch's is without CUDA.
/// TorchSharp 0.107 has no GradScaler.
/// </summary>
public sealed class GradScaler
{
    private bool? _foundInf;

    public GradScaler(
        bool enabled = true,
        double initScale = 65536.0,
        double growthFactor = 2.0,
        double backoffFactor = 0.5,
        int growthInterval = 2000
    )
    {
        Enabled = enabled;
        Scale = initScale;
        SetRules(growthFactor, backoffFactor, growthInterval);
    }

    public bool Enabled { get; }
    public double Scale { get; private set; }
    public double GrowthFactor { get; private set; }
    public double BackoffFactor { get; private set; }
    public int GrowthInterval { get; private set; }

    /// <summary>Clean steps since the scale last changed (PyTorch's <c>_growth_tracker</c>).</summary>
    public int GrowthTracker { get; private set; }

    /// <summary>The loss times the scale (the loss itself when disabled).</summary>
    public Tensor ScaleLoss(Tensor loss) => Enabled ? loss * Scale : loss;

    /// <summary>
    /// Unscales the gradients of <paramref name="parameters"/> in place and runs <paramref name="step"/> unless one
    /// of them holds inf or NaN. Returns whether the step ran.
    /// </summary>
    public bool Step(Action step, IEnumerable<Tensor> parameters)
    {
        if (!Enabled)
        {
            step();
            return true;
        }
        using (no_grad())
        using (NewDisposeScope())
        {
            double inverse = 1.0 / Scale;
            Tensor? nonFinite = null;
            foreach (var p in parameters)
            {
                if (p.grad is not { } grad)
                    continue;
                grad.mul_(inverse);
                var count = grad.isfinite().logical_not().sum();
                nonFinite = nonFinite is null ? count : nonFinite.add_(count);
            }
            // One host synchronisation per step, after every gradient is unscaled.
            _foundInf = nonFinite is not null && nonFinite.item<long>() > 0;
        }
        if (_foundInf == true)
            return false;
        step();
        return true;
    }

    /// <summary>Adjusts the scale after a step: backoff on inf/NaN, growth after GrowthInterval clean steps.</summary>
    public void Update()
    {
        if (!Enabled)
            return;
        if (_foundInf is not { } found)
            throw new InvalidOperationException("GradScaler.Update() needs a Step() since the last update");
        if (found)
        {
            Scale *= BackoffFactor;
            GrowthTracker = 0;
        }
        else if (++GrowthTracker == GrowthInterval)
        {
            Scale *= GrowthFactor;
            GrowthTracker = 0;
        }
        _foundInf = null;
    }

    /// <summary>torch.cuda.amp.GradScaler.state_dict()'s layout (empty when disabled, as PyTorch's).</summary>
    public Dictionary<string, object> StateDict() =>
        !Enabled
            ? []
            : new()
            {
                ["scale"] = Scale,
                ["growth_factor"] = GrowthFactor,
                ["backoff_factor"] = BackoffFactor,
                ["growth_interval"] = GrowthInterval,
                ["_growth_tracker"] = GrowthTracker,
            };

    /// <summary>Restores everything a <see cref="StateDict"/> holds, as torch's <c>load_state_dict</c> does.</summary>
    /// <exception cref="ArgumentException">An entry is missing or not a number, or a rule is out of its
    /// range.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, object> state)
    {
        if (!Enabled)
            return;
        double Number(string key) =>
            state.TryGetValue(key, out var value) && value is double or float or long or int
                ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
                : throw new ArgumentException($"'{key}' is missing or not a number");
        var (scale, tracker) = (Number("scale"), (int)Number("_growth_tracker"));
        SetRules(Number("growth_factor"), Number("backoff_factor"), (int)Number("growth_interval"));
        Scale = scale;
        GrowthTracker = tracker;
    }

    private void SetRules(double growthFactor, double backoffFactor, int growthInterval)
    {
        if (!(growthFactor > 1))
            throw new ArgumentException("growth factor must be above 1");
        if (!(backoffFactor > 0 && backoffFactor < 1))
            throw new ArgumentException("backoff factor must be in (0, 1)");
        if (growthInterval < 1)
            throw new ArgumentException("growth interval must be at least 1");
        GrowthFactor = growthFactor;
        BackoffFactor = backoffFactor;
        GrowthInterval = growthInterval;
    }
}
