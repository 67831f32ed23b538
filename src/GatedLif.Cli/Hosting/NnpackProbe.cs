using System.Runtime.InteropServices;

namespace GatedLif.Cli.Hosting;

/// <summary>
/// libtorch considers NNPACK for some CPU convolutions (those that need no gradient, on one thread: each rank of a
/// multi-process run), and on a processor NNPACK cannot start on it logs "Could not initialize NNPACK! Reason:
/// Unsupported hardware." at every such convolution (eight lines per rank at the start of issue 36's run) before
/// computing without it. So the program asks NNPACK first, as libtorch would, and where it cannot start turns it
/// off in libtorch (<c>at::Context::setUserEnabledNNPACK(false)</c>, what PyTorch's
/// <c>torch.backends.nnpack.set_flags(False)</c> calls): the same convolutions, computed the same way, without the
/// lines. Where NNPACK starts, nothing changes. TorchSharp binds neither function, so these are libtorch's exported
/// symbols (C++ names, Itanium ABI).
/// </summary>
public static class NnpackProbe
{
    private const string LibTorch = "libtorch_cpu";

    public enum Outcome
    {
        Available,
        TurnedOff,
        NotFound,
    }

    [DllImport(LibTorch, EntryPoint = "nnp_initialize")]
    private static extern int Initialize();

    [DllImport(LibTorch, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(LibTorch, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(LibTorch, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);

    /// <summary>Call once libtorch is loaded. NotFound: a libtorch without these symbols (a build without NNPACK,
    /// another version), left as it is, since only the lines depend on it.</summary>
    public static Outcome TurnOffWhereUnsupported()
    {
        try
        {
            // nnp_status_success is 0; NNPACK remembers its first answer, so libtorch gets this one too.
            if (Initialize() == 0)
                return Outcome.Available;
            SetUserEnabledNnpack(GlobalContext(), false);
            return Outcome.TurnedOff;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Outcome.NotFound;
        }
    }

    /// <summary>Whether libtorch may use NNPACK (torch.backends.nnpack.enabled).</summary>
    public static bool EnabledInLibTorch() => UserEnabledNnpack(GlobalContext());
}
