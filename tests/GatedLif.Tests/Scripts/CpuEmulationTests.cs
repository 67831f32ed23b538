using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Scripts;

/// <summary>
/// scripts/cpu-emulation.sh, which scripts/test.sh applies for --cpu: each choice sets every cap consistently and
/// clears the others' caps, and the test process really runs as the processor chosen: .NET's vector widths follow
/// the caps (the ones our own kernels take), and libtorch reads the caps from the same environment.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CpuEmulationTests
{
    private static (int ExitCode, string Stdout, string Stderr) Bash(string script, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = ScriptProcess.Run(
            ScriptProcess.Bash(["-c", script, "cpu-emulation", RepoPaths.Root, .. arguments])
        );
        return (exitCode, stdout.Trim(), stderr.Trim());
    }

    private const string ApplyAndList = """
        set -euo pipefail
        source "$1/scripts/cpu-emulation.sh"
        shift
        for choice in "$@"; do cpu_emulation_apply "$choice"; done
        names='ATEN_CPU_CAPABILITY|ONEDNN_MAX_CPU_ISA|MKL_ENABLE_INSTRUCTIONS|DOTNET_Enable[A-Z0-9]+|GATEDLIF_CPU'
        env | grep -E "^($names)=" \
            | LC_ALL=C sort | tr '\n' ' '
        """;

    [Theory]
    [InlineData("native", "GATEDLIF_CPU=native")]
    [InlineData(
        "avx2",
        "ATEN_CPU_CAPABILITY=avx2 DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 GATEDLIF_CPU=avx2 "
            + "MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2"
    )]
    [InlineData(
        "baseline",
        "ATEN_CPU_CAPABILITY=default DOTNET_EnableAVX2=0 DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 "
            + "DOTNET_EnableAVX=0 GATEDLIF_CPU=baseline MKL_ENABLE_INSTRUCTIONS=SSE4_2 ONEDNN_MAX_CPU_ISA=SSE41"
    )]
    public void Each_choice_sets_every_cap_of_its_machine(string choice, string expected)
    {
        var (exitCode, stdout, stderr) = Bash(ApplyAndList, choice);
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void A_later_choice_clears_the_caps_of_an_earlier_one()
    {
        var (exitCode, stdout, stderr) = Bash(ApplyAndList, "baseline", "avx2");
        Assert.True(exitCode == 0, stderr);
        Assert.DoesNotContain("DOTNET_EnableAVX=0", stdout);
        Assert.DoesNotContain("SSE", stdout);
        Assert.Equal("GATEDLIF_CPU=native", Bash(ApplyAndList, "avx2", "native").Stdout);
    }

    [Fact]
    public void An_unknown_choice_is_refused_by_name()
    {
        var (exitCode, _, stderr) = Bash(ApplyAndList, "avx512");
        Assert.Equal(2, exitCode);
        Assert.Contains("--cpu avx512: expected one of native avx2 baseline", stderr);
        var testScript = Bash("""exec "$1/scripts/test.sh" --cpu sse2""");
        Assert.Equal(2, testScript.ExitCode);
        Assert.Contains("--cpu sse2", testScript.Stderr);
    }

    /// <summary>What .NET reports in this test process is what the choice scripts/test.sh applied emulates: our
    /// kernels take 8-wide vectors (and the AVX transposes) natively and as avx2, 4-wide ones without AVX.</summary>
    [Fact]
    public void The_test_process_runs_as_the_processor_chosen()
    {
        var choice = Environment.GetEnvironmentVariable("GATEDLIF_CPU");
        switch (choice)
        {
            case "avx2":
                Assert.False(Vector512.IsHardwareAccelerated);
                Assert.True(Avx2.IsSupported && Fma.IsSupported);
                Assert.Equal(8, Vector<float>.Count);
                Assert.Equal("avx2", Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"));
                break;
            case "baseline":
                Assert.False(Vector256.IsHardwareAccelerated);
                Assert.False(Avx.IsSupported);
                Assert.Equal(4, Vector<float>.Count);
                Assert.Equal("default", Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"));
                break;
            default:
                Assert.True(
                    choice is null or "native",
                    $"GATEDLIF_CPU={choice}: not a choice of scripts/cpu-emulation.sh"
                );
                Assert.Equal("", KernelDependence.Caps());
                break;
        }
    }
}
