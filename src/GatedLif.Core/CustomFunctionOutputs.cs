using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif;

/// <summary>
/// Frees what TorchSharp 0.107's custom autograd functions keep of their outputs. Its node caches an
/// <c>empty_like</c> of every output for as long as the graph lives (to materialise an undefined output gradient as
/// zeros; PyTorch keeps only the shape): a second copy of every activation a custom function returns, kept until
/// the backward pass ends (ResNet-18 at T=2, batch 16: several hundred MB at the peak). Every function of ours returns
/// one output, and a one-output node's backward runs only when that output has a gradient, so the copy is never
/// read; after <c>apply</c> it is disposed and its slot left empty, which TorchSharp's backward reads as "pass the
/// gradient through". Reached by reflection because TorchSharp offers no switch: <see cref="Supported"/> says whether
/// this TorchSharp has the fields (a test holds it to true).
/// </summary>
internal static class CustomFunctionOutputs
{
    private static readonly FieldInfo? NodeField = typeof(autograd.AutogradContext).GetField(
        "_node",
        BindingFlags.NonPublic | BindingFlags.Instance
    );

    [ThreadStatic]
    private static autograd.AutogradContext? _pending;

    public static bool Supported =>
        NodeField is not null
        && CacheField(typeof(autograd.Function<>).Assembly.GetType("TorchSharp.torch+autograd+Node`1")) is not null;

    /// <summary>Called in a function's forward: the context whose node <see cref="Release"/> frees next.</summary>
    public static void Track(autograd.AutogradContext ctx) => _pending = ctx;

    /// <summary>Frees the cached copy of the output of the function whose forward last called <see cref="Track"/>
    /// on this thread; returns <paramref name="output"/>.</summary>
    public static Tensor Release(Tensor output)
    {
        var ctx = _pending;
        _pending = null;
        if (ctx is null || NodeField?.GetValue(ctx) is not { } node)
            return output;
        if (CacheField(node.GetType())?.GetValue(node) is List<Tensor> cache)
            for (int i = 0; i < cache.Count; i++)
            {
                cache[i]?.Dispose();
                cache[i] = null!;
            }
        return output;
    }

    private static FieldInfo? CacheField(Type? node) =>
        node?.GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance);
}
