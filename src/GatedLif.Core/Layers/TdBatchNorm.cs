using GatedLif.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// Threshold-dependent BatchNorm (tdBN, the reference's <c>tdBatchNorm</c>) over [T*B, C, H, W]:
/// <c>y = α Vth (x - mean) / sqrt(var + eps) * weight + bias</c>. Training normalises with the batch's biased
/// variance and feeds the unbiased one into running_var; evaluation uses the running statistics.
/// State names follow BatchNorm2d plus the <c>Vth</c> buffer; α is a construction constant, not saved.
/// With <c>plain: true</c> it is an ordinary BatchNorm2d (no α·Vth factor, no Vth buffer), which is what the
/// reference's ImageNet models and DVS networks compute.
/// Training runs libtorch's batch_norm kernel (see <c>Train</c>).
/// </summary>
public sealed class TdBatchNorm : nn.Module<Tensor, Tensor>
{
    public const double DefaultVth = 0.5;

    // Field names equal the state_dict names so that Module.to() rebinds them after a device move.
    private Parameter weight, bias;
    private Tensor running_mean, running_var, num_batches_tracked;
    private Tensor? Vth;

    public TdBatchNorm(long features, double alpha = 1.0, double eps = 1e-5, double momentum = 0.1, bool plain = false)
        : base(nameof(TdBatchNorm))
    {
        Features = features;
        Alpha = alpha;
        Eps = eps;
        Momentum = momentum;
        weight = new Parameter(ones(features, float32));
        bias = new Parameter(zeros(features, float32));
        running_mean = zeros(features, float32);
        running_var = ones(features, float32);
        num_batches_tracked = tensor(0L, int64);
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
        register_buffer(nameof(num_batches_tracked), num_batches_tracked);
        if (!plain)
        {
            Vth = tensor((float)DefaultVth, float32);
            register_buffer(nameof(Vth), Vth);
        }
    }

    public long Features { get; }
    public double Alpha { get; }
    public double Eps { get; }
    public double Momentum { get; }
    public bool IsPlain => Vth is null;

    public Parameter Weight => weight;
    public Parameter Bias => bias;
    public Tensor RunningMean => running_mean;
    public Tensor RunningVar => running_var;
    public Tensor BatchesTracked => num_batches_tracked;

    /// <summary>
    /// When set to a world of several ranks, training normalises with the statistics of the global batch
    /// (torch.nn.SyncBatchNorm semantics, forward and backward); evaluation is unaffected.
    /// </summary>
    public ICollectives? Synchronisation { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Features)
            throw new ArgumentException($"TdBatchNorm({Features}) expects [N, {Features}, H, W]; got [{string.Join(", ", input.shape)}]");
        // Under autocast the reference's tdBatchNorm multiplies by its float32 weight, which widens a float16
        // input to float32, while BatchNorm2d computes in the dtype it is given (AutocastPolicy).
        var cast = AutocastPolicy.CastFor(IsPlain ? AutocastOperation.BatchNorm : AutocastOperation.ThresholdDependentBatchNorm, input);
        if (!ReferenceEquals(cast, input))
            using (cast)
                return forward(cast);

        if (training)
            return Train(input);
        if (IsPlain)
            return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training: false, Momentum, Eps);
        // Evaluation keeps the reference's order of float operations, so a checkpoint scores as it does there;
        // without autograd the chain runs in place on one buffer (the same floats, no temporaries).
        using var scope = NewDisposeScope();
        var scale = Vth! * Alpha;
        var deviation = input - running_mean.view(1, -1, 1, 1);
        var std = (running_var.view(1, -1, 1, 1) + Eps).sqrt();
        var output = is_grad_enabled() && (input.requires_grad || weight.requires_grad || bias.requires_grad)
            ? scale * deviation / std * weight.view(1, -1, 1, 1) + bias.view(1, -1, 1, 1)
            : deviation.mul_(scale).div_(std).mul_(weight.view(1, -1, 1, 1)).add_(bias.view(1, -1, 1, 1));
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Training: batch statistics with the weight scaled by α·Vth (tdBN) or not (plain), through libtorch's fused
    /// batch_norm, which computes the reference's normalisation and running statistics (unbiased variance, momentum)
    /// up to float rounding in one pass instead of a dozen element-wise kernels with their saved tensors; with
    /// several ranks, over the global batch.
    /// </summary>
    private Tensor Train(Tensor input)
    {
        using (no_grad()) num_batches_tracked.add_(1);
        using var scaled = IsPlain ? null : weight * (Vth! * Alpha);
        var effectiveWeight = scaled ?? weight;
        if (Synchronisation is not { WorldSize: > 1 } world)
            return nn.functional.batch_norm(input, running_mean, running_var, effectiveWeight, bias, training: true, Momentum, Eps);
        if (!AutocastPolicy.IsLowPrecision(input.dtype))
            return SyncBatchNormFunction.Normalize(input, effectiveWeight, bias, running_mean, running_var, Momentum, Eps, world);
        // A float16 input under autocast (plain BatchNorm): the global statistics in float32 and the output in the
        // input's dtype, as torch.nn.SyncBatchNorm hands it back.
        using var wide = input.to_type(ScalarType.Float32);
        using var output = SyncBatchNormFunction.Normalize(wide, effectiveWeight, bias, running_mean, running_var, Momentum, Eps, world);
        return output.to_type(input.dtype);
    }
}
