using GatedLif.Cli.Hosting;

namespace GatedLif.Tests.Cli.Hosting;

/// <summary>
/// NNPACK stays on in libtorch exactly where it can start, so libtorch never tries it on a processor it refuses (and
/// then logs "Could not initialize NNPACK!" at each convolution it considered for it).
/// </summary>
public sealed class NnpackProbeTests
{
    [Fact]
    public void Libtorch_may_use_nnpack_exactly_where_nnpack_starts()
    {
        var outcome = NnpackProbe.TurnOffWhereUnsupported();

        // The libtorch package the tests run on exports the three symbols.
        Assert.NotEqual(NnpackProbe.Outcome.NotFound, outcome);
        Assert.Equal(outcome == NnpackProbe.Outcome.Available, NnpackProbe.EnabledInLibTorch());
        // A second call answers the same: NNPACK's answer is the processor's.
        Assert.Equal(outcome, NnpackProbe.TurnOffWhereUnsupported());
    }
}
