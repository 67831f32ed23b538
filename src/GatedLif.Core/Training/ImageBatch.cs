using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// One mini-batch on the CPU: inputs [B, ...] float32 (normalised images [B, 3, H, W], or event frames
/// [B, T, 2, H, W]) and class labels [B] int64.
/// The caller owns both tensors (moving them to a device, disposing them).
/// </summary>
public sealed class ImageBatch(Tensor images, Tensor labels) : IDisposable
{
    public Tensor Images { get; } = images;

    public Tensor Labels { get; } = labels;

    public int Count => (int)Labels.shape[0];

    public void Deconstruct(out Tensor images, out Tensor labels)
    {
        images = Images;
        labels = Labels;
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
