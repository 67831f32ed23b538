using GatedLif.Checkpoints;

namespace GatedLif.Tests.Core.Checkpoints;

/// <summary>A module's state dict in PyTorch's order: own parameters, own buffers, then the children.</summary>
public sealed class ModuleStateOrderTests
{
    [Fact]
    public void ModuleStateOrder_follows_PyTorch()
    {
        using var model = new TinyNet();

        var keys = ModuleStateOrder.OrderedStateDict(model).Select(kv => kv.Key);

        Assert.Equal(TinyNet.PyTorchKeyOrder, keys);
    }
}
