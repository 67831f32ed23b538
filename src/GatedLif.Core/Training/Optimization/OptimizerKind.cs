namespace GatedLif.Training.Optimization;

/// <summary>The optimisers the reference scripts train with.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (no dampening, no Nesterov), per-group learning rate and weight decay.</summary>
    Sgd,

    /// <summary>Adam with PyTorch's defaults (betas 0.9, 0.999; eps 1e-8; no weight decay).</summary>
    Adam,
}
