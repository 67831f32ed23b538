using GatedLif.Layers;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Layers;

/// <summary>
/// Autocast regions on the CPU with bfloat16 (the CUDA path uses float16 the same way): the policy of each
/// operation (torch.cuda.amp's), the dtype each layer hands on in a region, and a whole network's step.
/// </summary>
public sealed class AutocastTests
{
    [Theory]
    [InlineData(AutocastOperation.Convolution, AutocastCast.LowPrecision)]
    [InlineData(AutocastOperation.Linear, AutocastCast.LowPrecision)]
    [InlineData(AutocastOperation.BatchNorm, AutocastCast.InputDtype)]
    [InlineData(AutocastOperation.ThresholdDependentBatchNorm, AutocastCast.Float32)]
    [InlineData(AutocastOperation.GatedNeuron, AutocastCast.Float32)]
    [InlineData(AutocastOperation.CrossEntropy, AutocastCast.Float32)]
    [InlineData(AutocastOperation.LogSoftmax, AutocastCast.Float32)]
    [InlineData(AutocastOperation.Softmax, AutocastCast.Float32)]
    [InlineData(AutocastOperation.Sum, AutocastCast.Float32)]
    public void Each_operation_follows_torch_cuda_amp(AutocastOperation operation, AutocastCast expected) =>
        Assert.Equal(expected, AutocastPolicy.Of(operation));

    [Theory]
    [InlineData(AutocastOperation.Convolution, ScalarType.Float32, ScalarType.Float16, ScalarType.Float16)]
    [InlineData(AutocastOperation.Linear, ScalarType.Float64, ScalarType.Float16, ScalarType.Float16)]
    [InlineData(AutocastOperation.BatchNorm, ScalarType.Float16, ScalarType.Float16, ScalarType.Float16)]
    [InlineData(AutocastOperation.CrossEntropy, ScalarType.Float16, ScalarType.Float16, ScalarType.Float32)]
    [InlineData(AutocastOperation.GatedNeuron, ScalarType.BFloat16, ScalarType.BFloat16, ScalarType.Float32)]
    [InlineData(AutocastOperation.GatedNeuron, ScalarType.Float64, ScalarType.Float16, ScalarType.Float64)]
    [InlineData(AutocastOperation.Convolution, ScalarType.Int64, ScalarType.Float16, ScalarType.Int64)]
    public void The_compute_dtype_follows_the_policy_inside_a_region(
        AutocastOperation operation,
        ScalarType input,
        ScalarType low,
        ScalarType expected
    ) => Assert.Equal(expected, AutocastPolicy.ComputeDtype(operation, input, low));

    [Theory]
    [InlineData(AutocastOperation.Convolution, ScalarType.Float32)]
    [InlineData(AutocastOperation.CrossEntropy, ScalarType.Float16)]
    public void Outside_a_region_every_operation_keeps_its_input_dtype(AutocastOperation operation, ScalarType input) =>
        Assert.Equal(input, AutocastPolicy.ComputeDtype(operation, input, null));

    [Fact]
    public void In_a_region_each_layer_hands_on_the_dtype_of_its_policy()
    {
        manual_seed(4);
        using var conv = nn.Conv2d(3, 4, 3, padding: 1);
        using var linear = nn.Linear(8, 5);
        using var tdBn = new TdBatchNorm(4);
        using var plainBn = new TdBatchNorm(4, plain: true);
        using var neuron = new ChannelWiseGlif(4, new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true));
        var images = randn([4, 3, 6, 6]);
        using var region = Autocast.Enable(ScalarType.BFloat16);

        var convolved = LayerCall.Run(conv, images);
        Assert.Equal(ScalarType.BFloat16, convolved.dtype);
        Assert.Equal(ScalarType.BFloat16, LayerCall.Run(linear, randn([4, 8])).dtype);
        var normalised = tdBn.call(convolved);
        Assert.Equal(ScalarType.Float32, normalised.dtype);
        Assert.Equal(ScalarType.BFloat16, plainBn.call(convolved).dtype);
        Assert.Equal(ScalarType.Float32, neuron.call(convolved.view(2, 2, 4, 6, 6)).dtype);
        var logits = randn([4, 5]).to_type(ScalarType.BFloat16);
        var loss = nn.functional.cross_entropy(
            AutocastPolicy.CastFor(AutocastOperation.CrossEntropy, logits),
            randint(5, [4])
        );
        Assert.Equal(ScalarType.Float32, loss.dtype);
        // The running statistics stay float32 whatever the input.
        Assert.Equal(ScalarType.Float32, tdBn.RunningMean.dtype);
        Assert.Equal(ScalarType.Float32, plainBn.RunningVar.dtype);
    }

    [Fact]
    public void Convolutions_and_linear_layers_compute_in_low_precision_with_float32_weight_gradients()
    {
        manual_seed(3);
        var layers = new TimeDistributed(
            nn.Conv2d(3, 4, 3, padding: 1, bias: false),
            new TdBatchNorm(4),
            nn.Flatten(),
            nn.Linear(4 * 5 * 5, 6)
        );
        var x = randn([2, 3, 3, 5, 5]);
        var exact = layers.call(x);
        Tensor low;
        using (Autocast.Enable(ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, Autocast.LowPrecision);
            low = layers.call(x);
        }
        Assert.Null(Autocast.LowPrecision);
        Assert.Equal(ScalarType.BFloat16, low.dtype);
        Assert.Equal(exact.shape, low.shape);
        // bfloat16 keeps 8 bits of mantissa: close to float32, but not equal.
        var wide = low.to_type(ScalarType.Float32);
        Assert.False(exact.eq(wide).all().item<bool>());
        Assert.True((exact - wide).abs().max().item<float>() < 0.1f * exact.abs().max().item<float>());

        low.to_type(ScalarType.Float32).sum().backward();
        foreach (var (name, p) in layers.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.True(p.grad is not null && p.grad.dtype == ScalarType.Float32, $"{name}: float32 gradient");
        }
    }

    [Fact]
    public void A_resnet_step_in_a_region_gives_low_precision_logits_a_float32_loss_and_float32_gradients()
    {
        manual_seed(5);
        var spec = new ModelSpec(
            Architectures.ResNet18,
            NeuronKind.ChannelWise,
            10,
            new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true),
            Width: 0.25
        );
        using var model = ModelFactory.Create(spec);
        model.train();
        Tensor logits,
            loss;
        using (Autocast.Enable(ScalarType.BFloat16))
        {
            logits = model.call(randn([2, 3, 32, 32]));
            loss = nn.functional.cross_entropy(
                AutocastPolicy.CastFor(AutocastOperation.CrossEntropy, logits),
                randint(10, [2])
            );
        }
        Assert.Equal(ScalarType.BFloat16, logits.dtype);
        Assert.Equal(ScalarType.Float32, loss.dtype);
        Assert.True(double.IsFinite(loss.item<float>()), "finite loss");
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is null || p.grad.dtype == ScalarType.Float32, $"{name}: float32 gradient");
    }
}
