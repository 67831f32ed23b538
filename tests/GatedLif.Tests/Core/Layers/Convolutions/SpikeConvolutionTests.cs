using GatedLif.Kernels;
using GatedLif.Layers.Convolutions;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Layers.Convolutions;

/// <summary>
/// The spike-input convolution against libtorch's float64 convolution (its own direct kernel; oneDNN is float32
/// only): forward, weight gradient and input gradient, on random binary inputs at 1, 10, 30 and 60% density, odd
/// shapes, strides, padding, dilation, groups and 1x1 shortcuts; then finite differences of the float32 function
/// itself, and inputs that are not binary.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class SpikeConvolutionTests
{
    /// <summary>Relative to the largest reference value: float32 sums in another order.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<long, long, long, long, long, long, long, long, long> Geometries =>
        new()
        {
            // in, out, kernel, stride, padding, dilation, groups, height, width
            { 8, 16, 3, 1, 1, 1, 1, 11, 13 },
            { 5, 7, 3, 1, 1, 1, 1, 9, 6 },
            { 8, 16, 3, 2, 1, 1, 1, 11, 13 },
            { 16, 32, 1, 2, 0, 1, 1, 10, 7 },
            { 6, 12, 1, 1, 0, 1, 1, 5, 5 },
            { 3, 9, 5, 2, 2, 1, 1, 12, 9 },
            { 6, 9, 3, 1, 2, 2, 3, 11, 13 },
            { 4, 4, 3, 2, 0, 1, 4, 9, 8 },
            { 4, 10, 2, 3, 1, 1, 2, 8, 11 },
            { 64, 64, 3, 1, 1, 1, 1, 8, 8 },
        };

    public static TheoryData<double> Densities => new() { 0.01, 0.1, 0.3, 0.6 };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_and_both_gradients_equal_libtorch_in_float64_at_every_density(
        long inChannels,
        long outChannels,
        long kernel,
        long stride,
        long padding,
        long dilation,
        long groups,
        long height,
        long width
    )
    {
        var g = new ConvolutionGeometry([stride, stride], [padding, padding], [dilation, dilation], groups);
        foreach (var density in new[] { 0.01, 0.1, 0.3, 0.6 })
        {
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)(1000 * density + inChannels * 7 + kernel));
            var x = Spikes([3, inChannels, height, width], density, generator);
            var w = empty([outChannels, inChannels / groups, kernel, kernel]).normal_(0, 1, generator);
            var (y, dx, dw) = Gradients(x, w, (xi, wi) => SpikeConvolution.Run(xi, wi, g, ConvolutionPlan.Spike));
            var (yRef, dxRef, dwRef) = Gradients(x.to_type(float64), w.to_type(float64), (xi, wi) =>
                g.LibTorch(xi, wi, null)
            );
            string where = $"density {density}";
            AssertClose(yRef, y, $"{where}: forward");
            AssertClose(dxRef, dx, $"{where}: input gradient");
            AssertClose(dwRef, dw, $"{where}: weight gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Densities))]
    public void Dense_forward_with_the_spike_weight_gradient_equals_libtorch(double density)
    {
        using var scope = NewDisposeScope();
        var g = new ConvolutionGeometry([2, 2], [1, 1], [1, 1], 1);
        var generator = new Generator(3);
        var x = Spikes([4, 16, 12, 12], density, generator);
        var w = empty([32, 16, 3, 3]).normal_(0, 1, generator);
        var (y, dx, dw) = Gradients(x, w, (xi, wi) =>
            SpikeConvolution.Run(xi, wi, g, ConvolutionPlan.SpikeWeightGradient)
        );
        var (yRef, dxRef, dwRef) = Gradients(x.to_type(float64), w.to_type(float64), (xi, wi) =>
            g.LibTorch(xi, wi, null)
        );
        AssertClose(yRef, y, "forward");
        AssertClose(dxRef, dx, "input gradient");
        AssertClose(dwRef, dw, "weight gradient");
    }

    /// <summary>
    /// L = Σ y·r is linear in the weight and in the input, so central differences of the float32 function are exact
    /// but for its rounding; entries of both, binary inputs nudged off 0 and 1 (the kernel weighs by value).
    /// </summary>
    [Fact]
    public void Gradients_match_finite_differences_of_the_function()
    {
        using var scope = NewDisposeScope();
        var g = new ConvolutionGeometry([2, 2], [1, 1], [1, 1], 1);
        var generator = new Generator(4);
        var x = Spikes([2, 5, 9, 7], 0.3, generator);
        var w = empty([8, 5, 3, 3]).normal_(0, 1, generator);
        var yShape = SpikeConvolutionKernel.Forward(x, w, g).shape;
        var r = empty(yShape).normal_(0, 1, generator);
        double Loss(Tensor xi, Tensor wi) =>
            (SpikeConvolution.Run(xi, wi, g, ConvolutionPlan.Spike).to_type(float64) * r.to_type(float64))
                .sum()
                .item<double>();
        var (_, dx, dw) = Gradients(x, w, (xi, wi) => SpikeConvolution.Run(xi, wi, g, ConvolutionPlan.Spike), r);
        const float h = 0.25f;
        foreach (var index in new long[] { 0, 17, 101, 250, 359 })
        {
            double numeric = (Loss(x, Nudged(w, index, h)) - Loss(x, Nudged(w, index, -h))) / (2 * h);
            Assert.True(
                Math.Abs(numeric - dw.view(-1)[index].item<float>()) < 1e-3 * (1 + Math.Abs(numeric)),
                $"weight {index}: finite difference {numeric}, gradient {dw.view(-1)[index].item<float>()}"
            );
        }
        foreach (var index in new long[] { 3, 64, 200, 441, 629 })
        {
            double numeric = (Loss(Nudged(x, index, h), w) - Loss(Nudged(x, index, -h), w)) / (2 * h);
            Assert.True(
                Math.Abs(numeric - dx.view(-1)[index].item<float>()) < 1e-3 * (1 + Math.Abs(numeric)),
                $"input {index}: finite difference {numeric}, gradient {dx.view(-1)[index].item<float>()}"
            );
        }
    }

    /// <summary>Spike sums, averages and even negative values are weighed by value: the kernel is a convolution,
    /// sparsity only decides its speed.</summary>
    [Fact]
    public void Inputs_that_are_not_binary_convolve_by_value()
    {
        using var scope = NewDisposeScope();
        var g = new ConvolutionGeometry([1, 1], [1, 1], [1, 1], 1);
        var generator = new Generator(5);
        var counts = Spikes([2, 8, 10, 10], 0.3, generator) + Spikes([2, 8, 10, 10], 0.3, generator);
        var signed = empty([2, 8, 10, 10]).normal_(0, 1, generator) * Spikes([2, 8, 10, 10], 0.5, generator);
        var w = empty([16, 8, 3, 3]).normal_(0, 1, generator);
        foreach (var x in new[] { counts, signed })
        {
            var (y, dx, dw) = Gradients(x, w, (xi, wi) => SpikeConvolution.Run(xi, wi, g, ConvolutionPlan.Spike));
            var (yRef, dxRef, dwRef) = Gradients(x.to_type(float64), w.to_type(float64), (xi, wi) =>
                g.LibTorch(xi, wi, null)
            );
            AssertClose(yRef, y, "forward");
            AssertClose(dxRef, dx, "input gradient");
            AssertClose(dwRef, dw, "weight gradient");
        }
    }

    [Fact]
    public void An_all_zero_input_gives_zero_output_and_weight_gradient()
    {
        using var scope = NewDisposeScope();
        var g = new ConvolutionGeometry([1, 1], [1, 1], [1, 1], 1);
        var w = randn([16, 8, 3, 3]);
        var x = zeros([2, 8, 6, 6]);
        Assert.Equal(0f, SpikeConvolutionKernel.Forward(x, w, g).abs().max().item<float>());
        Assert.Equal(
            0f,
            SpikeConvolutionKernel.WeightGradient(x, randn([2, 16, 6, 6]), w.shape, g).abs().max().item<float>()
        );
    }

    /// <summary>The sums of one output run in a fixed order whatever the thread count, so repeated calls agree bit for
    /// bit.</summary>
    [Fact]
    public void Repeated_calls_give_identical_results()
    {
        using var scope = NewDisposeScope();
        var g = new ConvolutionGeometry([1, 1], [1, 1], [1, 1], 1);
        var generator = new Generator(6);
        var x = Spikes([16, 32, 16, 16], 0.1, generator);
        var w = empty([32, 32, 3, 3]).normal_(0, 1, generator);
        var gradOutput = empty([16, 32, 16, 16]).normal_(0, 1, generator);
        var y = SpikeConvolutionKernel.Forward(x, w, g);
        var dw = SpikeConvolutionKernel.WeightGradient(x, gradOutput, w.shape, g);
        for (int run = 0; run < 3; run++)
        {
            Assert.True(y.eq(SpikeConvolutionKernel.Forward(x, w, g)).all().item<bool>(), $"run {run}: forward");
            Assert.True(
                dw.eq(SpikeConvolutionKernel.WeightGradient(x, gradOutput, w.shape, g)).all().item<bool>(),
                $"run {run}: weight gradient"
            );
        }
    }

    [Fact]
    public void The_kernel_takes_float32_CPU_tensors_only()
    {
        Assert.True(SpikeConvolutionKernel.Supports(zeros([1, 2, 3, 3]), zeros([4, 2, 1, 1])));
        Assert.False(SpikeConvolutionKernel.Supports(zeros([1, 2, 3, 3], float64), zeros([4, 2, 1, 1], float64)));
        Assert.False(SpikeConvolutionKernel.Supports(zeros([1, 2, 3, 3], float16), zeros([4, 2, 1, 1])));
    }

    public static Tensor Spikes(long[] shape, double density, Generator generator) =>
        empty(shape).uniform_(0, 1, generator).lt(density).to_type(float32);

    private static Tensor Nudged(Tensor t, long index, float by)
    {
        var copy = t.clone();
        copy.view(-1)[index] = copy.view(-1)[index] + by;
        return copy;
    }

    private static (Tensor Y, Tensor Dx, Tensor Dw) Gradients(
        Tensor x,
        Tensor w,
        Func<Tensor, Tensor, Tensor> conv,
        Tensor? upstream = null
    )
    {
        var xi = x.detach().requires_grad_(true);
        var wi = w.detach().requires_grad_(true);
        var y = conv(xi, wi);
        y.backward([upstream?.to_type(y.dtype) ?? arange(y.numel(), y.dtype).reshape(y.shape).sin()]);
        return (y.detach(), xi.grad!, wi.grad!);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double error = (actual.to_type(float64) - expected.to_type(float64)).abs().max().item<double>();
        double scale = Math.Max(1e-30, expected.abs().max().to_type(float64).item<double>());
        Assert.True(error <= Tolerance * scale, $"{what}: off by {error} of {scale}");
    }
}
