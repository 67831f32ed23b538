using GatedLif.Kernels;
using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Layers.Convolutions;

/// <summary>The models' convolutions: the unfold path against libtorch's float64 convolution, which rule picks
/// which path, and narrow convolutions whose gradients libtorch's oneDNN gets wrong on some processors.</summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ConvolutionTests
{
    public static TheoryData<long, long, long, long, long, long, long> Geometries =>
        new()
        {
            // in, out, kernel, stride, padding, dilation, groups
            { 8, 8, 3, 1, 1, 1, 1 },
            { 3, 16, 3, 1, 1, 1, 1 },
            { 8, 16, 3, 2, 1, 1, 1 },
            { 16, 32, 1, 2, 0, 1, 1 },
            { 3, 8, 7, 2, 1, 1, 1 },
            { 6, 9, 3, 1, 2, 2, 3 },
            { 4, 4, 3, 2, 0, 1, 4 },
        };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Unfold_convolution_equals_libtorch_in_float64_forward_and_backward(
        long inChannels,
        long outChannels,
        long kernel,
        long stride,
        long padding,
        long dilation,
        long groups
    )
    {
        manual_seed(11);
        var g = new ConvolutionGeometry([stride, stride], [padding, padding], [dilation, dilation], groups);
        var x = randn([3, inChannels, 11, 13], float64);
        var w = randn([outChannels, inChannels / groups, kernel, kernel], float64);
        var b = randn([outChannels], float64);
        var (y, dx, dw, db) = Gradients((xi, wi, bi) => UnfoldConvolution.Forward(xi, wi, bi, g), x, w, b);
        // libtorch's float64 CPU convolution is its own direct implementation (oneDNN is float32 only).
        var (yRef, dxRef, dwRef, dbRef) = Gradients((xi, wi, bi) => g.LibTorch(xi, wi, bi), x, w, b);
        Assert.Equal(yRef.shape, y.shape);
        foreach (var (got, want) in new[] { (y, yRef), (dx, dxRef), (dw, dwRef), (db, dbRef) })
            Assert.True((got - want).abs().max().item<double>() < 1e-10, "unfold path differs from conv2d");
    }

    [Fact]
    public void OneDnn_is_trusted_with_whole_channel_blocks_and_input_stems_only()
    {
        Assert.True(OneDnnChannelRule.Trusts(64, 128, 1, inputGradient: true));
        Assert.True(OneDnnChannelRule.Trusts(3, 64, 1, inputGradient: false));
        Assert.True(OneDnnChannelRule.Trusts(2, 64, 1, inputGradient: false));
        Assert.False(OneDnnChannelRule.Trusts(3, 64, 1, inputGradient: true));
        Assert.False(OneDnnChannelRule.Trusts(8, 8, 1, inputGradient: true));
        Assert.False(OneDnnChannelRule.Trusts(3, 8, 1, inputGradient: false));
        Assert.False(OneDnnChannelRule.Trusts(24, 32, 1, inputGradient: false));
        Assert.False(OneDnnChannelRule.Trusts(32, 32, 4, inputGradient: true));
    }

    /// <summary>
    /// The case that broke training of the tests' narrow ResNets on an AMD EPYC with AVX-512: libtorch's
    /// input gradient of an 8-channel 3x3 convolution at batch 8 came back 40-250% off or NaN in most runs. Through
    /// the models' convolution it is right on every run.
    /// </summary>
    [Fact]
    public void Narrow_convolutions_give_exact_gradients_run_after_run()
    {
        manual_seed(5);
        using var conv = nn.Conv2d(8, 8, 3, padding: 1, bias: false);
        for (int run = 0; run < 10; run++)
        {
            using var scope = NewDisposeScope();
            var x = randn([8, 8, 32, 32]).requires_grad_(true);
            conv.zero_grad();
            var y = Conv2dCall.Run(conv, x);
            var upstream = randn_like(y);
            y.backward([upstream]);

            var x64 = x.detach().to_type(float64).requires_grad_(true);
            var w64 = conv.weight!.detach().to_type(float64).requires_grad_(true);
            var y64 = ConvolutionGeometry.Of(conv).LibTorch(x64, w64, null);
            y64.backward([upstream.to_type(float64)]);
            Assert.True(Relative(y, y64) < 1e-5, $"run {run}: forward");
            Assert.True(Relative(x.grad!, x64.grad!) < 1e-5, $"run {run}: input gradient");
            Assert.True(Relative(conv.weight!.grad!, w64.grad!) < 1e-5, $"run {run}: weight gradient");
        }
    }

    [Fact]
    public void Layers_in_an_autocast_region_hand_on_the_low_precision_dtype_with_float32_weight_gradients()
    {
        manual_seed(2);
        using var conv = nn.Conv2d(3, 16, 3, padding: 1, bias: false);
        var x = randn([2, 3, 6, 6]);
        Tensor y;
        using (Autocast.Enable(ScalarType.BFloat16))
            y = LayerCall.Run(conv, x);
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        y.sum().backward();
        Assert.Equal(ScalarType.Float32, conv.weight!.grad!.dtype);
    }

    private static double Relative(Tensor got, Tensor want) =>
        (got.to_type(float64) - want).abs().max().item<double>() / want.abs().max().item<double>();

    private static (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) Gradients(
        Func<Tensor, Tensor, Tensor, Tensor> conv,
        Tensor x,
        Tensor w,
        Tensor b
    )
    {
        var xi = x.detach().requires_grad_(true);
        var wi = w.detach().requires_grad_(true);
        var bi = b.detach().requires_grad_(true);
        var y = conv(xi, wi, bi);
        y.backward([torch.arange(y.numel(), float64).reshape(y.shape).sin()]);
        return (y.detach(), xi.grad!, wi.grad!, bi.grad!);
    }
}
