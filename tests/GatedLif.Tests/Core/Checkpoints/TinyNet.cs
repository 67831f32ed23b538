using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>
/// A small model with every kind of state the real networks have: Linear weights, BatchNorm running
/// statistics with an int64 num_batches_tracked, a 0-dim parameter and a buffer of its own.
/// </summary>
internal sealed class TinyNet : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly BatchNorm1d bn;
    private readonly Parameter gain;

    public TinyNet()
        : base(nameof(TinyNet))
    {
        fc = nn.Linear(3, 2);
        bn = nn.BatchNorm1d(2);
        gain = nn.Parameter(tensor(1.5f));
        register_buffer("steps", tensor(7L));
        RegisterComponents();
    }

    /// <summary>The keys in the order PyTorch's state_dict() lists them for the same module tree.</summary>
    public static readonly string[] PyTorchKeyOrder =
    [
        "gain",
        "steps",
        "fc.weight",
        "fc.bias",
        "bn.weight",
        "bn.bias",
        "bn.running_mean",
        "bn.running_var",
        "bn.num_batches_tracked",
    ];

    public override Tensor forward(Tensor input) => bn.call(fc.call(input)) * gain;
}
