using System.Reflection;
using System.Runtime.InteropServices;

namespace GatedLif.Distributed;

/// <summary>
/// MPI.NET binds MS-MPI's <c>msmpi.dll</c>. MS-MPI is derived from MPICH and keeps its ABI (integer handles with
/// the same values: MPI_COMM_WORLD 0x44000000, MPI_FLOAT 0x4c00040a, MPI_SUM 0x58000003), so on Linux the same
/// calls go to MPICH's shared library (Debian: package libmpich12). Open MPI has another ABI and cannot be used.
/// </summary>
internal static class MpichLibrary
{
    public static readonly string[] Candidates = ["libmpich.so.12", "libmpi.so.12"];

    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
            return;
        NativeLibrary.SetDllImportResolver(typeof(MPI.Communicator).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!name.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase))
            return IntPtr.Zero;
        foreach (var candidate in Candidates)
            if (NativeLibrary.TryLoad(candidate, out var handle))
                return handle;
        throw new DllNotFoundException(
            $"MPI: none of {string.Join(", ", Candidates)} could be loaded; install MPICH (Debian: "
                + $"apt-get install mpich)"
        );
    }
}
