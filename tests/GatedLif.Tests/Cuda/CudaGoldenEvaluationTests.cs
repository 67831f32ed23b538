using System.Globalization;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cuda;

/// <summary>
/// The reference checkpoint in ../shared/golden evaluated on CUDA (the evaluation --eval runs: Evaluator.Run over
/// the test batches in file order) reports the reference PyTorch numbers (r18cw.json): top-1 and top-5 exactly, the
/// loss within 1e-3, with TF32 off (Tf32) as on the CPU that made them.
/// </summary>
[Trait("Category", CudaFactAttribute.Category)]
public sealed class CudaGoldenEvaluationTests
{
    [CudaFact(needsGolden: true)]
    public void Golden_checkpoint_evaluates_on_cuda_to_the_reference_numbers()
    {
        using var float32 = Tf32.Off();
        var expected = GoldenRun.Expected;
        using var model = GoldenRun.Model();
        model.to(CUDA);

        var result = Evaluator.Run(
            model,
            GoldenRun.TestSet().Epoch(-1).Select(b => (b.Images, b.Labels)),
            CUDA,
            Evaluator.ChunkFor(CUDA, 2)
        );

        Assert.Equal(expected.GetProperty("n").GetInt64(), result.Samples);
        double loss = expected.GetProperty("loss").GetDouble();
        Assert.InRange(result.Loss, loss - 1e-3, loss + 1e-3);
        string F6(double value) => value.ToString("F6", CultureInfo.InvariantCulture);
        Assert.Equal(F6(expected.GetProperty("top1").GetDouble()), F6(result.Top1));
        Assert.Equal(F6(expected.GetProperty("top5").GetDouble()), F6(result.Top5));
    }
}
