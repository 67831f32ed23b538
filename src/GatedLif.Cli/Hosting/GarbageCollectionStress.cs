using System.Globalization;
using GatedLif.Cli.Launching;

namespace GatedLif.Cli.Hosting;

/// <summary>
/// <c>GATEDLIF_GC_STRESS=MS</c>: a thread of the process collects garbage and runs the pending finalizers every MS
/// milliseconds (0: without pause) for as long as the process runs. For soak runs and the tests that prove that no
/// native handle is freed while libtorch still reads it: such a fault needs a collection started by another thread
/// during a native call, which an ordinary run meets at random, once in thousands of steps (issue 36's SyncBatchNorm
/// crash), and this meets within seconds. Training computes the same numbers with it, only slower.
/// </summary>
public static class GarbageCollectionStress
{
    public const string Variable = "GATEDLIF_GC_STRESS";

    /// <summary>Starts the collecting thread when the variable asks for it, except in the launcher (a command line
    /// of <c>launch</c>), which does no tensor work and passes the variable on to its ranks: collecting without
    /// pause there would only take a core from them. A value that is no number of milliseconds is refused (the
    /// error to print), so a soak never runs unstressed by a typing error.</summary>
    public static string? StartIfAsked(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } text)
            return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pause))
            return $"{Variable}={text}: expected a number of milliseconds between collections (0 or more)";
        if (args is [LaunchCommand.Name, ..])
            return null;
        new Thread(() =>
        {
            while (true)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                if (pause > 0)
                    Thread.Sleep(pause);
            }
        })
        {
            IsBackground = true,
            Name = "GC stress",
        }.Start();
        return null;
    }
}
