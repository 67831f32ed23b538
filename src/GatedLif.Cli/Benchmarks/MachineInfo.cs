namespace GatedLif.Cli.Benchmarks;

/// <summary>What a benchmark ran on: the CPU model (from /proc/cpuinfo where present) and the usable cores.</summary>
public static class MachineInfo
{
    public static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
            return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
    }

    /// <summary>Cores this process may use (affinity and container limits applied, as .NET counts them).</summary>
    public static int Cores => Environment.ProcessorCount;
}
