using static TorchSharp.torch;

namespace GatedLif.Models.Blocks;

/// <summary>How a SEW block joins its residual branch with its input (<c>-cnf</c>).</summary>
public enum ConnectFunction
{
    /// <summary>conv(x) + x.</summary>
    ADD,

    /// <summary>conv(x) * x.</summary>
    AND,

    /// <summary>x * (1 - conv(x)).</summary>
    IAND,
}

public static class ConnectFunctions
{
    public static Tensor Join(this ConnectFunction f, Tensor branch, Tensor x) =>
        f switch
        {
            ConnectFunction.ADD => branch + x,
            ConnectFunction.AND => branch * x,
            ConnectFunction.IAND => x * (1.0 - branch),
            _ => throw new ArgumentOutOfRangeException(nameof(f), f, null),
        };

    /// <summary>Parses a connect function's name (ADD, AND or IAND, as spelled in the reference).</summary>
    public static ConnectFunction Parse(string? text) =>
        text switch
        {
            "ADD" => ConnectFunction.ADD,
            "AND" => ConnectFunction.AND,
            "IAND" => ConnectFunction.IAND,
            _ => throw new InvalidSettingException(
                nameof(ConnectFunction),
                text is null
                    ? "a connect function is needed: ADD, AND or IAND"
                    : $"connect function '{text}': expected ADD, AND or IAND"
            ),
        };
}
