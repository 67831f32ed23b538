using static TorchSharp.torch;

namespace GatedLif.Layers;

/// <summary>
/// Direct (repeat) encoding of a static batch and the mean-over-time read-out of the network's output.
/// </summary>
public static class DirectEncoding
{
    /// <summary>[B, ...] → [T, B, ...], the same image at every step.</summary>
    public static Tensor Encode(Tensor batch, int timeSteps)
    {
        using var once = batch.unsqueeze(0);
        var repeats = new long[once.dim()];
        Array.Fill(repeats, 1L);
        repeats[0] = timeSteps;
        return once.repeat(repeats);
    }

    /// <summary>[T, B, classes] → [B, classes], averaged over time.</summary>
    public static Tensor ReadOut(Tensor sequence) => sequence.mean([0L]);
}
