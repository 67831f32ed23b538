using static TorchSharp.torch;

namespace GatedLif.Checkpoints;

/// <summary>One storage of a torch.save archive (<c>data/&lt;key&gt;</c>): its elements, read once however many tensors
/// view it.</summary>
internal sealed record CheckpointStorage(string Key, Tensor Elements)
{
    public long Count => Elements.NumberOfElements;
}
