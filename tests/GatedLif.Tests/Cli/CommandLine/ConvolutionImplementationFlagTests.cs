using GatedLif.Cli.CommandLine;
using GatedLif.Layers.Convolutions;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.CommandLine;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class ConvolutionImplementationFlagTests
{
    [Fact]
    public void Conv_impl_values_map_to_the_implementations_and_anything_else_is_a_usage_error()
    {
        Assert.Equal(ConvolutionImplementation.Dense, ConvolutionImplementationFlag.Parse("dense"));
        Assert.Equal(ConvolutionImplementation.Spike, ConvolutionImplementationFlag.Parse("spike"));
        Assert.Equal(ConvolutionImplementation.Auto, ConvolutionImplementationFlag.Parse("auto"));
        Assert.Equal("auto", ConvolutionImplementationFlag.NameOf(ConvolutionImplementation.Auto));
        var e = Assert.Throws<UsageException>(() => ConvolutionImplementationFlag.Parse("sparse"));
        Assert.Contains("--conv-impl", e.Message);
    }
}
