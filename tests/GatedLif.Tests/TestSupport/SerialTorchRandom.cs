namespace GatedLif.Tests.TestSupport;

/// <summary>
/// Tests that seed torch's one global generator and expect the same numbers from the same seed (whole training
/// runs in-process) run alone: a test on another thread that draws from the generator in between would change them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchRandom
{
    public const string Name = "torch's global generator, alone";
}
