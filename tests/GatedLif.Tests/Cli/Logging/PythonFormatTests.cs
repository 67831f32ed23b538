using GatedLif.Cli.Logging;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Logging;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class PythonFormatTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.09755282581475769, "0.09755282581475769")]
    [InlineData(3.0, "3.0")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e16, "1e+16")]
    [InlineData(-2.5e-07, "-2.5e-07")]
    [InlineData(0.0, "0.0")]
    [InlineData(337.9097949, "337.9097949")]
    public void Repr_is_Pythons(double value, string expected) => Assert.Equal(expected, PythonFormat.Repr(value));

    [Fact]
    public void Lists_and_rounding_are_Pythons()
    {
        Assert.Equal("[0.1, 0.01]", PythonFormat.ReprList([0.1, 0.01]));
        Assert.Equal("12", PythonFormat.Fixed0(12.5));
        Assert.Equal("14", PythonFormat.Fixed0(13.5));
        Assert.Equal("7", PythonFormat.Fixed0(6.666));
    }
}
