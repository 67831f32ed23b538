using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cuda;

/// <summary>
/// <c>collectives-check --device cuda</c> in one process: an NCCL communicator of one all-reduces (sum, mean),
/// broadcasts and meets at a barrier on the GPU, which needs libnccl.so.2 and the CUDA driver to be loadable.
/// </summary>
[Trait("Category", CudaFactAttribute.Category)]
public sealed class CudaCollectivesCheckTests
{
    [CudaFact]
    public void One_process_collectives_check_runs_over_nccl()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, TimeSpan.FromMinutes(3), "collectives-check", "--device", "cuda");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("rank 0/1 on cuda", run.Stdout);
        Assert.Contains("over NCCL: all-reduce sum ok, mean ok, broadcast ok, barrier ok", run.Stdout);
    }
}
