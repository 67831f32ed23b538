using GatedLif.Models.Blocks;
using static TorchSharp.torch;

namespace GatedLif.Tests.Models.Blocks;

/// <summary>How a SEW block joins its residual branch and its input (<c>-cnf</c>).</summary>
public sealed class ConnectFunctionTests
{
    [Theory]
    [InlineData(ConnectFunction.ADD, 1.0, 2.0)]
    [InlineData(ConnectFunction.AND, 1.0, 1.0)]
    [InlineData(ConnectFunction.IAND, 1.0, 0.0)]
    [InlineData(ConnectFunction.IAND, 0.0, 1.0)]
    public void Connect_functions_join_branch_and_input(ConnectFunction f, double branch, double expected)
    {
        using var b = tensor(branch);
        using var x = tensor(1.0);
        using var y = f.Join(b, x);
        Assert.Equal(expected, y.item<double>());
    }
}
