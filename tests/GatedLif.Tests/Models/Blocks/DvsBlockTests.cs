using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using static TorchSharp.torch;

namespace GatedLif.Tests.Models.Blocks;

/// <summary>The CIFAR10-DVS nets' blocks besides SEW, with the reference's state_dict keys, in a network that
/// runs.</summary>
public sealed class DvsBlockTests
{
    /// <summary>
    /// The reference's ResNetN with its other block types: a 3x3 channel-changing conv-bn-spike, two plain blocks
    /// with their own middle channels, a pool, and a basic block (identity shortcut, conv-bn, then the neuron).
    /// </summary>
    [Fact]
    public void Plain_and_basic_blocks_have_the_reference_keys()
    {
        SewResNet.Stage[] stages =
        [
            new(8, true, DvsBlock.Plain, Blocks: 2, UpKernel: 3, MidChannels: 4),
            new(8, false, DvsBlock.Basic),
        ];
        using var net = new SewResNet(
            stages,
            ConnectFunction.ADD,
            _ => new GatedLif.Neurons.ParametricLif(),
            16,
            pooling: StagePooling.Max
        );
        var shapes = net.state_dict().ToDictionary(e => e.Key, e => string.Join(",", e.Value.shape));
        Assert.Equal("8,2,3,3", shapes["conv.0.0.0.weight"]);
        Assert.Equal("4,8,3,3", shapes["conv.1.conv.0.0.0.weight"]);
        Assert.Equal("8,4,3,3", shapes["conv.2.conv.1.0.0.weight"]);
        Assert.Equal("", shapes["conv.2.conv.1.1.w"]);
        Assert.Equal("8,8,3,3", shapes["conv.4.conv.1.0.weight"]);
        Assert.Equal("8", shapes["conv.4.conv.1.1.running_var"]);
        Assert.Equal("", shapes["conv.4.sn.w"]);
        Assert.Equal("10,512", shapes["out.weight"]);
        Assert.DoesNotContain(shapes.Keys, k => k.StartsWith("conv.3."));
        using var y = net.call(rand([1, 2, 2, 16, 16]));
        Assert.Equal([1L, 10], y.shape);
    }
}
