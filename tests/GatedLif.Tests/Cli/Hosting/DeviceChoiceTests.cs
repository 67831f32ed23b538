using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands;
using GatedLif.Cli.Hosting;
using GatedLif.Devices;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cli.Hosting;

/// <summary>
/// <c>--device cuda</c> where CUDA cannot be used fails at once with one line that says why and, on a CPU build,
/// how to get a CUDA build (the GATEDLIF_TORCH switch of the scripts).
/// </summary>
public sealed class DeviceChoiceTests
{
    [WithoutCudaFact]
    public void Cuda_on_a_cpu_build_is_one_usage_error_naming_the_switch()
    {
        Assert.False(CudaAvailability.IsCudaBuild);
        foreach (var flag in new[] { "cuda", "cuda:0", "CUDA:1" })
        {
            var e = Assert.Throws<UsageException>(() => DeviceChoice.Resolve(flag));
            Assert.StartsWith($"--device {flag}: this build runs on a CPU-only libtorch; ", e.Message);
            Assert.Contains("GATEDLIF_TORCH=cuda", e.Message);
            Assert.Contains("GATEDLIF_TORCH=/path/to/site-packages/torch", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [WithoutCudaFact]
    public void Cuda_on_a_cpu_build_stops_the_command_before_any_work()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "bench", "--device", "cuda");
        Assert.True(run.ExitCode == GatedLifApp.UsageError, run.ToString());
        Assert.Equal("", run.Stdout);
        var error = Assert.Single(run.Stderr.Split('\n'), l =>
            l.StartsWith("gatedlif: error:", StringComparison.Ordinal)
        );
        Assert.Contains(
            "--device cuda: this build runs on a CPU-only libtorch; for a CUDA build run with GATEDLIF_TORCH=cuda",
            error
        );
    }

    [Fact]
    public void Cpu_and_bad_names()
    {
        Assert.Equal(DeviceType.CPU, DeviceChoice.Resolve("cpu").type);
        Assert.Throws<UsageException>(() => DeviceChoice.Resolve("tpu"));
        Assert.Throws<UsageException>(() => DeviceChoice.Resolve("cuda:x"));
    }
}
