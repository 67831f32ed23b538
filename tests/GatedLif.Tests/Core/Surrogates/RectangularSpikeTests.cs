using GatedLif.Surrogates;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Surrogates;

/// <summary>The rectangular surrogate spike: H(z) with H(0) = 0 forward, the window |z| &lt; half-width
/// backward.</summary>
public sealed class RectangularSpikeTests
{
    [Fact]
    public void A_surrogate_spike_releases_its_copy_and_trains()
    {
        using var z = tensor(new float[] { -1f, 0.2f, 3f }).requires_grad_(true);
        using var spikes = RectangularSpike.Fire(z, 0.5);
        Assert.Equal(new float[] { 0, 1, 1 }, spikes.data<float>().ToArray());
        spikes.sum().backward();
        Assert.Equal(new float[] { 0, 1, 0 }, z.grad!.data<float>().ToArray());
    }
}
