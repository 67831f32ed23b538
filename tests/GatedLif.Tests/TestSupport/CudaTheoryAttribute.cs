using GatedLif.Devices;

namespace GatedLif.Tests.TestSupport;

/// <summary>A theory that needs a CUDA device: skipped, with the reason, where none can be used.</summary>
public sealed class CudaTheoryAttribute : TheoryAttribute
{
    public CudaTheoryAttribute()
    {
        if (CudaAvailability.UnavailableReason() is { } reason)
            Skip = "needs CUDA: " + reason;
    }
}
