using GatedLif.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models.Networks;

/// <summary>
/// A spiking network for static images: the batch [B, C, H, W] is repeated over T steps, the network maps the
/// sequence to [T, B, classes], and the logits are the mean over time.
/// </summary>
public abstract class StaticImageNetwork : nn.Module<Tensor, Tensor>
{
    protected StaticImageNetwork(string name, int timeSteps, int classes)
        : base(name)
    {
        TimeSteps = timeSteps;
        Classes = classes;
    }

    public int TimeSteps { get; }
    public int Classes { get; }

    public override Tensor forward(Tensor images)
    {
        using var sequence = DirectEncoding.Encode(images, TimeSteps);
        using var logits = Sequence(sequence);
        return DirectEncoding.ReadOut(logits);
    }

    /// <summary>[T, B, C, H, W] → [T, B, classes].</summary>
    protected abstract Tensor Sequence(Tensor input);
}
