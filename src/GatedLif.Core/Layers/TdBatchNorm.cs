using GatedLif.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
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

    /// <summary>The state_dict names: BatchNorm2d's, and tdBN's threshold buffer.</summary>
    public static class StateNames
    {
        public const string Weight = "weight",
            Bias = "bias",
            RunningMean = "running_mean",
            RunningVar = "running_var",
            BatchesTracked = "num_batches_tracked",
            Vth = "Vth";

        /// <summary>The names of state that is not a parameter.</summary>
        public static IReadOnlySet<string> Buffers { get; } =
            new HashSet<string> { RunningMean, RunningVar, BatchesTracked, Vth };
    }

    // Each field carries its state_dict name so that Module.to() rebinds it after a device move.
    [ComponentName(Name = StateNames.Weight)]
    private Parameter _weight;

    [ComponentName(Name = StateNames.Bias)]
    private Parameter _bias;

    [ComponentName(Name = StateNames.RunningMean)]
    private Tensor _runningMean;

    [ComponentName(Name = StateNames.RunningVar)]
    private Tensor _runningVar;

    [ComponentName(Name = StateNames.BatchesTracked)]
    private Tensor _batchesTracked;

    [ComponentName(Name = StateNames.Vth)]
    private Tensor? _vth;

    public TdBatchNorm(long features, double alpha = 1.0, double eps = 1e-5, double momentum = 0.1, bool plain = false)
        : base(nameof(TdBatchNorm))
    {
        Features = features;
        Alpha = alpha;
        Eps = eps;
        Momentum = momentum;
        _weight = new Parameter(ones(features, float32));
        _bias = new Parameter(zeros(features, float32));
        _runningMean = zeros(features, float32);
        _runningVar = ones(features, float32);
        _batchesTracked = tensor(0L, int64);
        register_parameter(StateNames.Weight, _weight);
        register_parameter(StateNames.Bias, _bias);
        register_buffer(StateNames.RunningMean, _runningMean);
        register_buffer(StateNames.RunningVar, _runningVar);
        register_buffer(StateNames.BatchesTracked, _batchesTracked);
        if (!plain)
        {
            _vth = tensor((float)DefaultVth, float32);
            register_buffer(StateNames.Vth, _vth);
        }
    }

    public long Features { get; }
    public double Alpha { get; }
    public double Eps { get; }
    public double Momentum { get; }
    public bool IsPlain => _vth is null;

    public Parameter Weight => _weight;
    public Parameter Bias => _bias;
    public Tensor RunningMean => _runningMean;
    public Tensor RunningVar => _runningVar;
    public Tensor BatchesTracked => _batchesTracked;

    /// <summary>
    /// When set to a world of several ranks, training normalises with the statistics of the global batch
    /// (torch.nn.SyncBatchNorm semantics, forward and backward); evaluation is unaffected.
    /// </summary>
    public ICollectives? Synchronisation { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Features)
            throw new ArgumentException(
                $"TdBatchNorm({Features}) expects [N, {Features}, H, W]; got [{string.Join(", ", input.shape)}]"
            );
        // Under autocast the reference's tdBatchNorm multiplies by its float32 weight, which widens a float16
        // input to float32, while BatchNorm2d computes in the dtype it is given (AutocastPolicy).
        var cast = AutocastPolicy.CastFor(
            IsPlain ? AutocastOperation.BatchNorm : AutocastOperation.ThresholdDependentBatchNorm,
            input
        );
        if (!ReferenceEquals(cast, input))
            using (cast)
                return forward(cast);

        if (training)
            return Train(input);
        if (IsPlain)
            return nn.functional.batch_norm(
                input,
                _runningMean,
                _runningVar,
                _weight,
                _bias,
                training: false,
                Momentum,
                Eps
            );
        // Evaluation keeps the reference's order of float operations, so a checkpoint scores as it does there;
        // without autograd the chain runs in place on one buffer (the same floats, no temporaries).
        using var scope = NewDisposeScope();
        var scale = _vth! * Alpha;
        var deviation = input - _runningMean.view(1, -1, 1, 1);
        var std = (_runningVar.view(1, -1, 1, 1) + Eps).sqrt();
        var output =
            is_grad_enabled() && (input.requires_grad || _weight.requires_grad || _bias.requires_grad)
                ? scale * deviation / std * _weight.view(1, -1, 1, 1) + _bias.view(1, -1, 1, 1)
                : deviation.mul_(scale).div_(std).mul_(_weight.view(1, -1, 1, 1)).add_(_bias.view(1, -1, 1, 1));
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
        using (no_grad())
            _batchesTracked.add_(1);
        using var scaled = IsPlain ? null : _weight * (_vth! * Alpha);
        var effectiveWeight = scaled ?? _weight;
        if (Synchronisation is not { WorldSize: > 1 } world)
            return nn.functional.batch_norm(
                input,
                _runningMean,
                _runningVar,
                effectiveWeight,
                _bias,
                training: true,
                Momentum,
                Eps
            );
        // A float16 input under autocast (plain BatchNorm): the global statistics in float32 and the output in the
        // input's dtype, as torch.nn.SyncBatchNorm hands it back.
        bool narrow = AutocastPolicy.IsLowPrecision(input.dtype);
        using var wide = narrow ? input.to_type(ScalarType.Float32) : null;
        var output = SyncBatchNormFunction.Normalize(
            wide ?? input,
            effectiveWeight,
            _bias,
            _runningMean,
            _runningVar,
            Momentum,
            Eps,
            world
        );
        if (!narrow)
            return output;
        using (output)
            return output.to_type(input.dtype);
    }
}
