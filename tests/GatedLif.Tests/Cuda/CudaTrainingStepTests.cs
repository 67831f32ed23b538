using GatedLif.Layers;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cuda;

/// <summary>
/// Training on CUDA against the same computation on the CPU: tdBN's batch normalisation, and one SGD step of the
/// paper's ResNet-18 channel-wise at T = 2 (TrainingStep.Run, as the training loop runs it). The devices
/// sum in other orders, and a membrane potential within rounding of its threshold may spike on one and not on the
/// other, so the step is compared by its loss, its output and the direction and size of the weight update rather
/// than bit for bit, with TF32 off (Tf32). With --amp: float16 autocast and the GradScaler skipping a step whose
/// gradients hold inf.
/// </summary>
[Trait("Category", CudaFactAttribute.Category)]
public sealed class CudaTrainingStepTests
{
    private static readonly ModelSpec ResNet18Cw = new(
        Architectures.ResNet18,
        NeuronKind.ChannelWise,
        10,
        new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true)
    );

    [CudaFact]
    public void TdBatchNorm_trains_on_cuda_as_on_the_cpu()
    {
        manual_seed(11);
        var x = randn([32, 16, 8, 8]) * 2 + 0.5;
        var upstream = randn([32, 16, 8, 8]);
        var weight = rand(16) + 0.5;
        var bias = randn(16) * 0.1;

        (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db, Tensor Mean, Tensor Var) Run(Device device)
        {
            var bn = new TdBatchNorm(16, alpha: 1 / Math.Sqrt(2));
            using (no_grad())
            {
                bn.Weight.copy_(weight);
                bn.Bias.copy_(bias);
            }
            bn.to(device);
            bn.train();
            var input = x.to(device).requires_grad_();
            var y = bn.call(input);
            y.backward([upstream.to(device)]);
            return (
                y.detach().cpu(),
                input.grad!.cpu(),
                bn.Weight.grad!.cpu(),
                bn.Bias.grad!.cpu(),
                bn.RunningMean.cpu(),
                bn.RunningVar.cpu()
            );
        }

        var cpu = Run(CPU);
        var gpu = Run(CUDA);
        AssertNear(cpu.Y, gpu.Y, 1e-5, "output");
        AssertNear(cpu.Dx, gpu.Dx, 1e-5, "input gradient");
        AssertNear(cpu.Dw, gpu.Dw, 1e-4, "weight gradient");
        AssertNear(cpu.Db, gpu.Db, 1e-4, "bias gradient");
        AssertNear(cpu.Mean, gpu.Mean, 1e-6, "running mean");
        AssertNear(cpu.Var, gpu.Var, 1e-5, "running variance");
    }

    [CudaFact]
    public void ResNet18_channel_wise_T2_training_step_on_cuda_matches_the_cpu_step()
    {
        using var float32 = Tf32.Off();
        manual_seed(12);
        using var initial = ModelFactory.Create(ResNet18Cw);
        var images = randn([16, 3, 32, 32]);
        var labels = randint(10, [16]);

        var cpu = Step(ResNet18Cw, initial, CPU, images, labels, amp: false);
        var gpu = Step(ResNet18Cw, initial, CUDA, images, labels, amp: false);

        Assert.True(
            Math.Abs(cpu.Loss - gpu.Loss) <= 2e-3 * Math.Abs(cpu.Loss),
            $"loss: CPU {cpu.Loss}, CUDA {gpu.Loss}"
        );
        double scale = cpu.Output.abs().max().item<float>();
        double outputDifference = (cpu.Output - gpu.Output).abs().max().item<float>();
        Assert.True(outputDifference <= 2e-2 * scale, $"outputs differ by {outputDifference} (largest output {scale})");
        AssertSameUpdate(cpu.Update, gpu.Update, minCosine: 0.99, sizeTolerance: 0.02);
    }

    [CudaFact]
    public void Amp_on_cuda_skips_a_step_with_inf_gradients_halves_the_scale_then_trains_like_float32()
    {
        using var float32Reference = Tf32.Off();
        manual_seed(13);
        var narrow = ResNet18Cw with { Width = 0.25 };
        using var initial = ModelFactory.Create(narrow);
        var images = randn([8, 3, 32, 32]);
        var labels = randint(10, [8]);

        using var model = ModelFactory.Create(narrow);
        model.load_state_dict(initial.state_dict());
        model.to(CUDA);
        model.train();
        using var optimizer = ParameterGroups.Sgd(
            ParameterGroups.For(model, 0.1, 4e-5, tunableLif: false, imageNet: false),
            0.9
        );
        var precision = MixedPrecision.For(amp: true, CUDA);
        Assert.Equal(ScalarType.Float16, precision.LowPrecision);
        var before = Parameters(model);
        var x = images.to(CUDA);
        var y = labels.to(CUDA);

        var (output, loss) = TrainingStep.Run(
            precision,
            model,
            optimizer,
            x,
            y,
            TrainingLoss.CrossEntropy,
            afterBackward: () =>
            {
                using var grad = model.parameters().First().grad!.view(-1).narrow(0, 0, 1);
                grad.fill_(double.PositiveInfinity);
            }
        );
        // The last linear layer's float16, as under torch.cuda.amp; the loss is float32 (AutocastPolicy).
        Assert.Equal(ScalarType.Float16, output.dtype);
        Assert.Equal(ScalarType.Float32, loss.dtype);
        Assert.True(double.IsFinite(loss.item<float>()), "the loss of the skipped step is finite");
        Assert.Equal((32768.0, 0), (precision.Scaler.Scale, precision.Scaler.GrowthTracker));
        foreach (var (name, value) in Parameters(model))
            Assert.True(value.eq(before[name]).all().item<bool>(), $"{name} changed in a skipped step");

        TrainingStep.Run(precision, model, optimizer, x, y, TrainingLoss.CrossEntropy);
        Assert.Equal((32768.0, 1), (precision.Scaler.Scale, precision.Scaler.GrowthTracker));
        var ampUpdate = Parameters(model).ToDictionary(p => p.Key, p => p.Value - before[p.Key]);
        var float32 = Step(narrow, initial, CUDA, images, labels, amp: false);
        // float16 convolutions flip more spikes than the devices' rounding does, hence the looser bounds.
        AssertSameUpdate(float32.Update, ampUpdate, minCosine: 0.9, sizeTolerance: 0.2);
    }

    private static (double Loss, Tensor Output, Dictionary<string, Tensor> Update) Step(
        ModelSpec spec,
        nn.Module initial,
        Device device,
        Tensor images,
        Tensor labels,
        bool amp
    )
    {
        using var model = ModelFactory.Create(spec);
        model.load_state_dict(initial.state_dict());
        model.to(device);
        model.train();
        using var optimizer = ParameterGroups.Sgd(
            ParameterGroups.For(model, 0.1, 4e-5, tunableLif: false, imageNet: false),
            0.9
        );
        var before = Parameters(model);
        var (output, loss) = TrainingStep.Run(
            MixedPrecision.For(amp, device),
            model,
            optimizer,
            images.to(device),
            labels.to(device),
            TrainingLoss.CrossEntropy
        );
        var update = Parameters(model).ToDictionary(p => p.Key, p => p.Value - before[p.Key]);
        return (loss.item<float>(), output.detach().cpu(), update);
    }

    private static Dictionary<string, Tensor> Parameters(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().clone());

    /// <summary>Two weight updates point the same way (cosine of the whole update vectors) and are as large.</summary>
    private static void AssertSameUpdate(
        Dictionary<string, Tensor> expected,
        Dictionary<string, Tensor> actual,
        double minCosine,
        double sizeTolerance
    )
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var e = cat(expected.Keys.Order().Select(k => expected[k].to_type(float64).flatten()).ToArray());
        var a = cat(expected.Keys.Order().Select(k => actual[k].to_type(float64).flatten()).ToArray());
        double eNorm = e.norm().item<double>(),
            aNorm = a.norm().item<double>();
        Assert.True(eNorm > 0, "the reference step must change the weights");
        double cosine = (e * a).sum().item<double>() / (eNorm * aNorm);
        Assert.True(cosine >= minCosine, $"weight updates point apart: cosine {cosine}");
        Assert.True(Math.Abs(aNorm / eNorm - 1) <= sizeTolerance, $"weight update sizes: {eNorm} and {aNorm}");
    }

    private static void AssertNear(Tensor expected, Tensor actual, double tolerance, string what)
    {
        double difference = (expected.to_type(float64) - actual.to_type(float64)).abs().max().item<double>();
        double size = expected.abs().max().item<float>();
        Assert.True(difference <= tolerance * Math.Max(1, size), $"{what}: CPU and CUDA differ by {difference}");
    }
}
