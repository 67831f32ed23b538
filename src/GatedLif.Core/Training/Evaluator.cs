using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>
/// The test pass of both reference scripts: the model in evaluation mode without gradients, mean cross-entropy per
/// batch and top-1/top-5 per batch, each averaged over samples (train.py's <c>test()</c>), and the count of samples
/// whose largest logit is the label (cifar10dvs/train.py's accuracy).
/// </summary>
public static class Evaluator
{
    /// <summary>
    /// Images per forward pass that keep a ResNet's activations under glibc's 32 MiB mmap threshold on CPU for
    /// T = 1 (halve it per doubling of T); larger tensors are page-faulted afresh on every allocation, which
    /// doubled evaluation time. In evaluation mode the network treats samples independently, so chunking a
    /// batch changes nothing but the order of float work inside a convolution.
    /// </summary>
    public const int CpuImagesPerForwardAtT1 = 32;

    /// <summary>Images per forward pass for a static-image network: chunked on the CPU (see above), whole batches
    /// elsewhere (null).</summary>
    public static int? ChunkFor(Device device, int timeSteps) =>
        device.type == DeviceType.CPU ? Math.Max(1, CpuImagesPerForwardAtT1 / Math.Max(1, timeSteps)) : null;

    /// <param name="chunk">Images per forward pass; null runs each batch whole.</param>
    public static EvaluationResult Run(
        nn.Module<Tensor, Tensor> model,
        IEnumerable<(Tensor Images, Tensor Labels)> batches,
        Device device,
        int? chunk
    )
    {
        int chunkSize = chunk ?? int.MaxValue;
        var clock = Stopwatch.StartNew();
        var loss = new AverageMeter();
        var top1 = new AverageMeter();
        var top5 = new AverageMeter();
        long correct = 0;
        model.eval();
        using (no_grad())
        {
            foreach (var (images, labels) in batches)
            {
                using var scope = NewDisposeScope();
                var x = images.to(device);
                var y = labels.to(device);
                var logits =
                    x.shape[0] <= chunkSize
                        ? model.call(x)
                        : cat(x.split(chunkSize).Select(chunk => model.call(chunk)).ToArray());
                var batchLoss = TrainingLoss.CrossEntropy(logits, y).item<float>();
                var acc = TopKAccuracy.Percentages(logits, y, 1, 5);
                long n = x.shape[0];
                loss.Update(batchLoss, n);
                top1.Update(acc[0], n);
                top5.Update(acc[1], n);
                correct += logits.argmax(1).eq(y).sum().item<long>();
                images.Dispose();
                labels.Dispose();
            }
        }
        return new EvaluationResult(
            loss.Average,
            top1.Average / 100,
            top5.Average / 100,
            loss.Count,
            clock.Elapsed.TotalSeconds,
            correct
        );
    }
}
