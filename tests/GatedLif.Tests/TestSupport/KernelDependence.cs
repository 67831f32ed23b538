namespace GatedLif.Tests.TestSupport;

/// <summary>
/// The trait of tests whose result depends on which CPU kernels libtorch, oneDNN, MKL and .NET pick: they compare
/// with numbers written elsewhere (golden files, committed fixtures, baselines, PyTorch), within a tolerance, or
/// exercise our own vectorised kernels at the vector width the processor gives. <c>scripts/test.sh</c> runs them
/// again as each emulated processor (<c>--filter Kernels=Dependent</c>); <c>KernelDependenceTests</c> keeps the
/// trait on every class that reads such numbers.
/// </summary>
public static class KernelDependence
{
    public const string Trait = "Kernels";
    public const string Dependent = "Dependent";

    /// <summary>The instruction-set caps in force (scripts/cpu-emulation.sh), empty natively: the kernels libtorch
    /// and .NET pick follow from the processor and these.</summary>
    public static string Caps() =>
        string.Join(
            " ",
            new[]
            {
                "ATEN_CPU_CAPABILITY",
                "ONEDNN_MAX_CPU_ISA",
                "MKL_ENABLE_INSTRUCTIONS",
                "DOTNET_EnableAVX512",
                "DOTNET_EnableAVX512F",
                "DOTNET_EnableAVX2",
                "DOTNET_EnableAVX",
            }
                .Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)))
                .Select(v => $"{v}={Environment.GetEnvironmentVariable(v)}")
        );
}
