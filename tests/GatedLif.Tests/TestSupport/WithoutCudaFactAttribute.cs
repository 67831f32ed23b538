using GatedLif.Devices;

namespace GatedLif.Tests.TestSupport;

/// <summary>A test of what happens where CUDA cannot be used (the CPU build's errors): skipped where it can.</summary>
public sealed class WithoutCudaFactAttribute : FactAttribute
{
    public WithoutCudaFactAttribute()
    {
        if (CudaAvailability.IsAvailable)
            Skip = "checks the behaviour without CUDA, and CUDA is available here";
    }
}
