using GatedLif.Layers;
using GatedLif.Layers.Convolutions;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Layers.Convolutions;

/// <summary>
/// How a layer that reads spikes picks its kernel: a container's route (dense, spike, auto) for its first layer,
/// convolution or linear; the same outputs and gradients either way; auto's decision at its first call
/// and after; the debug check of the input; and the one call that sets it on a built model.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ConvolutionRouteTests
{
    private static TimeDistributed Container(
        nn.Module<Tensor, Tensor> conv,
        ConvolutionImplementation implementation
    ) =>
        new(conv, new TdBatchNorm(16))
        {
            InputRoute = new ConvolutionRoute(SpikeInput.Binary) { Implementation = implementation },
        };

    [Theory]
    [InlineData(ConvolutionImplementation.Spike)]
    [InlineData(ConvolutionImplementation.Auto)]
    public void A_routed_convolution_gives_the_dense_outputs_and_gradients(ConvolutionImplementation implementation)
    {
        manual_seed(3);
        using var dense = Container(nn.Conv2d(16, 16, 3, padding: 1, bias: false), ConvolutionImplementation.Dense);
        using var routed = Container(nn.Conv2d(16, 16, 3, padding: 1, bias: false), implementation);
        routed.load_state_dict(dense.state_dict());
        var generator = new Generator(7);
        // Several calls: auto decides at the first and keeps the decision.
        for (int call = 0; call < 3; call++)
        {
            using var scope = NewDisposeScope();
            var x = SpikeConvolutionTests.Spikes([2, 3, 16, 9, 9], 0.1, generator);
            var (y, dx, dw) = Run(dense, x);
            var (yRouted, dxRouted, dwRouted) = Run(routed, x);
            AssertClose(y, yRouted, $"call {call}: output");
            AssertClose(dx, dxRouted, $"call {call}: input gradient");
            AssertClose(dw, dwRouted, $"call {call}: weight gradient");
        }
        if (implementation == ConvolutionImplementation.Auto)
        {
            var decision = routed.InputRoute!.Auto.Decision;
            Assert.NotNull(decision);
            Assert.InRange(decision.Density, 0.05, 0.15);
        }
    }

    /// <summary>A linear layer on spikes (CIFARNet's classifier) runs as a 1x1 convolution, bias included.</summary>
    [Fact]
    public void A_routed_linear_layer_gives_the_dense_outputs_and_gradients()
    {
        manual_seed(4);
        using var linear = nn.Linear(40, 16, hasBias: true);
        using var dense = new TimeDistributed(linear);
        using var routed = new TimeDistributed(linear)
        {
            InputRoute = new ConvolutionRoute(SpikeInput.Binary) { Implementation = ConvolutionImplementation.Spike },
        };
        var x = SpikeConvolutionTests.Spikes([2, 3, 40], 0.2, new Generator(8));
        var (y, dx, dw) = Run(dense, x);
        var db = linear.bias!.grad!.clone();
        linear.zero_grad();
        var (yRouted, dxRouted, dwRouted) = Run(routed, x);
        AssertClose(y, yRouted, "output");
        AssertClose(dx, dxRouted, "input gradient");
        AssertClose(dw, dwRouted, "weight gradient");
        AssertClose(db, linear.bias!.grad!, "bias gradient");
    }

    [Fact]
    public void The_debug_check_names_a_layer_given_what_its_mark_rules_out()
    {
        using var model = SmallResNet.Build();
        ConvolutionRoutes.CheckInputs(model, true);
        // Spikes pass the check all through the network.
        using (no_grad())
            model.call(randn([2, 3, 32, 32])).Dispose();

        var layer = ConvolutionRoutes.Of(model)[0];
        var error = Assert.Throws<InvalidOperationException>(() => layer.Route.Observe(full([1, 16, 4, 4], 0.5f)));
        Assert.Contains(layer.Name, error.Message);
        Assert.Contains("0.5", error.Message);
        var sums = new ConvolutionRoute(SpikeInput.NonNegative) { ChecksInput = true };
        sums.Observe(full([1, 2, 2, 2], 2f));
        Assert.Throws<InvalidOperationException>(() => sums.Observe(full([1, 2, 2, 2], -1f)));
    }

    [Fact]
    public void One_call_sets_the_implementation_of_every_spike_input_convolution_and_density_is_measured_on_request()
    {
        using var model = SmallResNet.Build();
        var layers = ConvolutionRoutes.Of(model);
        Assert.All(layers, l => Assert.Equal(ConvolutionImplementation.Dense, l.Route.Implementation));
        ConvolutionRoutes.Use(model, ConvolutionImplementation.Spike);
        Assert.All(layers, l => Assert.Equal(ConvolutionImplementation.Spike, l.Route.Implementation));

        ConvolutionRoutes.MeasureDensity(model, true);
        using (no_grad())
            model.call(randn([2, 3, 32, 32], generator: new Generator(9))).Dispose();
        ConvolutionRoutes.MeasureDensity(model, false);
        Assert.All(layers, l => Assert.Equal(1, l.Route.Density.Calls));
        Assert.InRange(ConvolutionRoutes.MeanDensity(model), 0.001, 0.5);
    }

    private static (Tensor Y, Tensor Dx, Tensor Dw) Run(TimeDistributed container, Tensor x)
    {
        var input = x.detach().requires_grad_(true);
        var first = (nn.Module)container.Layers[0];
        first.zero_grad();
        var y = container.call(input);
        y.backward([arange(y.numel(), float32).reshape(y.shape).sin()]);
        var weight = first.named_parameters().First(p => p.name == "weight").parameter;
        return (y.detach(), input.grad!, weight.grad!.clone());
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        double error = (actual - expected).abs().max().item<float>();
        double scale = Math.Max(1e-30, expected.abs().max().item<float>());
        Assert.True(error <= 1e-4 * scale, $"{what}: off by {error} of {scale}");
    }
}
