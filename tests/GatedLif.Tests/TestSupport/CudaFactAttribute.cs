using GatedLif.Devices;

namespace GatedLif.Tests.TestSupport;

/// <summary>
/// A test that needs a CUDA device: skipped, with the reason, where none can be used (a CPU build, or no GPU).
/// With <c>needsGolden</c> it is also skipped where the golden reference files are not present: scripts/gpu-check.sh
/// runs the CUDA tests outside a checkout, where they are optional.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    /// <summary>The trait category of the CUDA tests (<c>--filter Category=Cuda</c>).</summary>
    public const string Category = "Cuda";

    public CudaFactAttribute(bool needsGolden = false)
    {
        if (CudaAvailability.UnavailableReason() is { } reason)
            Skip = "needs CUDA: " + reason;
        else if (needsGolden && !RepoPaths.HasGolden)
            Skip =
                "needs the golden reference files (../shared/golden beside a checkout, or where "
                + "GATEDLIF_GOLDEN names them)";
    }
}
