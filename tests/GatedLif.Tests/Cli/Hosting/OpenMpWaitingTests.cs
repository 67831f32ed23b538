using System.Runtime.InteropServices;
using GatedLif.Cli.Hosting;

namespace GatedLif.Tests.Cli.Hosting;

/// <summary>
/// The short OpenMP spin is written into the native environment (where libgomp reads it when libtorch loads), not
/// only .NET's copy, and a value the user set is kept.
/// </summary>
public sealed class OpenMpWaitingTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv(string name);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "unsetenv")]
    private static extern int UnsetEnv(string name);

    private static string? Native(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [Fact]
    public void The_spin_count_reaches_the_native_environment_and_a_users_value_is_kept()
    {
        // A wait policy of the user's own leaves libgomp's spin alone.
        var expected = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null ? OpenMpWaiting.ShortSpin : null;
        var before = Native(OpenMpWaiting.SpinCount);
        try
        {
            UnsetEnv(OpenMpWaiting.SpinCount);
            OpenMpWaiting.SpinBriefly();
            Assert.Equal(expected, Native(OpenMpWaiting.SpinCount));

            SetEnv(OpenMpWaiting.SpinCount, "77", 1);
            OpenMpWaiting.SpinBriefly();
            Assert.Equal("77", Native(OpenMpWaiting.SpinCount));
        }
        finally
        {
            if (before is null)
                UnsetEnv(OpenMpWaiting.SpinCount);
            else
                SetEnv(OpenMpWaiting.SpinCount, before, 1);
        }
    }
}
