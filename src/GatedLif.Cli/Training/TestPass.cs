using GatedLif.Cli.Logging;
using GatedLif.Data.Loading;
using GatedLif.Distributed;
using GatedLif.Training;
using static TorchSharp.torch;

namespace GatedLif.Cli.Training;

/// <summary>
/// The reference's <c>test()</c> pass over the test data, for <c>--eval</c> and after every training epoch:
/// batches of --batch-size in file order, and the <c>TEST Epoch</c> line through logging. With several ranks each
/// evaluates its shard of the test set and the line reports all of them together.
/// </summary>
public static class TestPass
{
    public static EvaluationResult Run(nn.Module<Tensor, Tensor> model, IBatchSource testSet,
        Device device, int timeSteps, ReferenceLog log, int epoch, ICollectives? world = null)
    {
        var result = Evaluator.Run(model, testSet.Epoch(epoch).Select(b => (b.Images, b.Labels)), device, timeSteps)
            .Combined(world ?? SingleProcess.Instance);
        // The reference's message ends with a newline of its own, so a blank line follows it.
        log.Info(result.TestLine(epoch) + Environment.NewLine);
        return result;
    }
}
