using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core;

/// <summary>TorchSharp's custom-function node keeps a copy of its output; after <see
/// cref="CustomFunctionOutputs.Release"/> it keeps none, and gradients still flow.</summary>
public sealed class CustomFunctionOutputsTests
{
    private sealed class Doubling : autograd.SingleTensorFunction<Doubling>
    {
        [ThreadStatic]
        public static autograd.AutogradContext? LastContext;

        public override string Name => nameof(Doubling);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            LastContext = ctx;
            CustomFunctionOutputs.Track(ctx);
            return ((Tensor)vars[0]) * 2;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) => [grad_output * 2];
    }

    private static List<Tensor?> Cache(autograd.AutogradContext ctx)
    {
        var node = typeof(autograd.AutogradContext)
            .GetField("_node", BindingFlags.NonPublic | BindingFlags.Instance)!
            .GetValue(ctx)!;
        return (
            (List<Tensor>)
                node.GetType().GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(node)!
        )
            .Cast<Tensor?>()
            .ToList();
    }

    [Fact]
    public void This_TorchSharp_has_the_cache_it_frees() => Assert.True(CustomFunctionOutputs.Supported);

    [Fact]
    public void The_node_keeps_a_copy_of_the_output_until_released_and_backward_still_runs()
    {
        using var x = arange(6, float32).reshape(2, 3).requires_grad_(true);
        using (var kept = Doubling.apply(x))
            Assert.Single(Cache(Doubling.LastContext!), t => t is not null && t.shape.SequenceEqual(x.shape));

        using var y = CustomFunctionOutputs.Release(Doubling.apply(x));
        Assert.All(Cache(Doubling.LastContext!), Assert.Null);
        y.sum().backward();
        Assert.Equal(new float[] { 2, 2, 2, 2, 2, 2 }, x.grad!.data<float>().ToArray());
    }
}
