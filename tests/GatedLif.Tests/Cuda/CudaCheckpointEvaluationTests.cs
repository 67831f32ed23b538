using GatedLif.Checkpoints;
using GatedLif.Layers;
using GatedLif.Models;
using GatedLif.Models.Networks;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cuda;

/// <summary>
/// The evaluation --eval runs, on CUDA against the CPU, of a checkpoint in the reference's layout
/// (<c>{'state_dict': ...}</c> as train.py saves it) of the golden run's network, ResNet-18 channel-wise T = 2, that
/// the test writes itself: the golden checkpoint (44 MiB) does not fit beside the GPU check's pack in one call, so
/// this is the CUDA check of checkpoint evaluation that always runs, and the golden test stays optional. The
/// weights are seeded, the BatchNorm statistics come from two training-mode passes and its weights are scaled up, so
/// that the network fires as a trained one does. A membrane potential within rounding of its threshold may spike on one
/// device and not on the other, so the loss and the logits are compared within tolerance and top-1 to within a few
/// images; TF32 is off (Tf32), since its rounding flips many more.
/// </summary>
[Trait("Category", CudaFactAttribute.Category)]
public sealed class CudaCheckpointEvaluationTests
{
    private const int Images = 96,
        Batch = 32;
    private const double WeightScale = 4;

    [CudaFact]
    public void A_reference_layout_checkpoint_evaluates_on_cuda_as_on_the_cpu()
    {
        using var float32 = Tf32.Off();
        using var work = new TempFolder();
        manual_seed(21);
        var images = randn([Images, 3, 32, 32]);
        var labels = randint(10, [Images]);
        var path = work.File("r18cw-CIFAR10-step2.pth.tar");
        using (var written = ModelFactory.Create(GoldenRun.Spec))
        {
            written.train();
            using (no_grad())
            {
                foreach (var batch in images.split(Batch).Take(2))
                    written.call(batch).Dispose();
                // Initial BatchNorm weights leave most membranes below the threshold, so that little reaches the
                // classifier; larger ones make every layer fire.
                foreach (var norm in written.modules().OfType<TdBatchNorm>())
                    norm.Weight.mul_(WeightScale);
            }
            StateDictCheckpoint.Write(path, written, ("epoch", 1), ("best_acc1", 10.0));
        }
        IEnumerable<(Tensor, Tensor)> Batches() =>
            Enumerable
                .Range(0, Images / Batch)
                .Select(i => (images.narrow(0, i * Batch, Batch).clone(), labels.narrow(0, i * Batch, Batch).clone()));

        using var onCpu = Load(path);
        using var onCuda = Load(path);
        onCuda.to(CUDA);
        var cpu = Evaluator.Run(onCpu, Batches(), CPU, Evaluator.ChunkFor(CPU, 2));
        var gpu = Evaluator.Run(onCuda, Batches(), CUDA, Evaluator.ChunkFor(CUDA, 2));

        Assert.Equal(cpu.Samples, gpu.Samples);
        Assert.True(
            Math.Abs(cpu.Loss - gpu.Loss) <= 2e-3 * Math.Abs(cpu.Loss),
            $"loss: CPU {cpu.Loss}, CUDA {gpu.Loss}"
        );
        Assert.True(Math.Abs(cpu.Top1 - gpu.Top1) <= 3.0 / Images, $"top-1: CPU {cpu.Top1}, CUDA {gpu.Top1}");
        using (no_grad())
        {
            var first = images.narrow(0, 0, Batch);
            var expected = onCpu.call(first);
            var actual = onCuda.call(first.to(CUDA)).cpu();
            double scale = expected.abs().max().item<float>();
            Assert.True(expected.std().item<float>() > 0, "the network's logits must depend on its input");
            double difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 2e-2 * scale, $"logits differ by {difference} (largest {scale})");
        }
    }

    private static StaticImageNetwork Load(string path)
    {
        var model = ModelFactory.Create(GoldenRun.Spec);
        using var checkpoint = TorchCheckpointReader.Read(path);
        StateDictLoader.Load(model, checkpoint.StateDict, path);
        model.eval();
        return model;
    }
}
