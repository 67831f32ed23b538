using System.Text.RegularExpressions;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Scripts;

/// <summary>
/// Keeps the Kernels=Dependent trait honest: every test file that compares with numbers written elsewhere
/// (committed fixtures, the golden folder, PyTorch run as a process, autograd cases), compares within a tolerance, or
/// drives our own vectorised kernels carries it on its class, so that scripts/test.sh runs it as each emulated
/// processor. The CUDA tests carry their own category and run only on a GPU.
/// </summary>
public sealed partial class KernelDependenceTraitTests
{
    [Fact]
    public void Every_test_file_that_depends_on_kernels_carries_the_trait()
    {
        var tests = Path.Combine(RepoPaths.Root, "tests", "GatedLif.Tests");
        string separator = Path.DirectorySeparatorChar.ToString();
        var files = Directory
            .GetFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
                Path.GetRelativePath(tests, f).Split(separator)[0] is not ("bin" or "obj" or "TestSupport")
                && Path.GetFileName(f) != $"{nameof(KernelDependenceTraitTests)}.cs"
            )
            .Select(f => (Path: Path.GetRelativePath(tests, f), Text: File.ReadAllText(f)))
            .Where(f => TestMethod().IsMatch(f.Text))
            .ToList();
        var dependent = files.Where(f => KernelDependentUse().IsMatch(f.Text)).ToList();
        Assert.True(
            dependent.Count >= 30,
            $"only {dependent.Count} files matched: the markers no longer find the tests they should"
        );
        var missing = dependent.Where(f => !TraitOnAClass().IsMatch(f.Text)).Select(f => f.Path).ToList();
        Assert.True(
            missing.Count == 0,
            "add [Trait(KernelDependence.Trait, KernelDependence.Dependent)] to the class in "
                + string.Join(", ", missing)
        );
    }

    [GeneratedRegex(@"\[(Fact|Theory|CudaFact|CudaTheory|WithoutCudaFact|GoldenFact|GoldenTheory)\b")]
    private static partial Regex TestMethod();

    /// <summary>Reads of numbers made elsewhere, tolerance comparisons, and our kernels by name (the spike
    /// convolution and its transposes, the fused membrane kernel, spike counting).</summary>
    [GeneratedRegex(
        @"RepoPaths\.(Fixture|Golden)\b|GoldenRun\.|AutogradCases\.|GoldenSpikeStatistics\.|import torch|"
            + @"ConvolutionImplementation\.(Spike|Auto)|""--conv-impl""|NeuronImplementation\.Fused|"
            + @"CountingImplementation\.|SpikeConvolutionKernel|CpuMembraneKernel|CpuSpikeCounting|SpikeList|"
            + @"[Tt]olerance|1e-\d|precision:|CheckpointAssert\.Close"
    )]
    private static partial Regex KernelDependentUse();

    [GeneratedRegex(
        @"^\[Trait\((KernelDependence\.Trait, KernelDependence\.Dependent|""Category"", "
            + @"CudaFactAttribute\.Category)\)\]\r?$",
        RegexOptions.Multiline
    )]
    private static partial Regex TraitOnAClass();
}
