using System.Runtime.InteropServices;

namespace GatedLif.Cli.Hosting;

/// <summary>
/// libtorch's OpenMP threads (GNU libgomp, which libtorch's Linux packages ship) spin on their core after every
/// parallel operation, by default for 300,000 rounds (milliseconds), waiting for the next. Our CPU kernels run on
/// .NET threads between libtorch's operations, so with as many threads as cores those spinners take the cores the
/// kernels need. A spin of 10,000 rounds still catches libtorch's back-to-back operations and lets go of the core
/// within a fraction of a millisecond: measured side by side on the 2-core machine of docs/articles/speed.md,
/// the spike-kernel ResNet-18 training step went from 1.15–1.17 s to 0.96–1.04 s and its evaluation from 0.125–0.136 s
/// to 0.101–0.124 s, with the dense step unchanged within the machine's noise. It is set in the native environment
/// before libtorch loads, since libgomp reads it once, when it is loaded, and .NET's environment API does not reach
/// the native one. A user's OMP_WAIT_POLICY or GOMP_SPINCOUNT is kept.
/// </summary>
public static class OpenMpWaiting
{
    public const string SpinCount = "GOMP_SPINCOUNT";
    public const string ShortSpin = "10000";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>Call before anything touches libtorch.</summary>
    public static void SpinBriefly()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
            return;
        try
        {
            SetEnv(SpinCount, ShortSpin, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without a C library to set it in, libgomp keeps its default; only speed depends on it.
        }
    }
}
