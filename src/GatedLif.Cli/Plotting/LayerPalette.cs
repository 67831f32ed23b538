using ScottPlot;

namespace GatedLif.Cli.Plotting;

/// <summary>
/// One look per GLIF layer, the same in every figure: a colour of a qualitative palette (Category20: ten hues, dark
/// and light), and past its twenty colours a dash pattern as well, so that no two layers of a network look alike.
/// </summary>
public static class LayerPalette
{
    private static readonly IPalette Colors = new ScottPlot.Palettes.Category20();
    private static readonly LinePattern[] Patterns =
    [
        LinePattern.Solid,
        LinePattern.Dashed,
        LinePattern.Dotted,
        LinePattern.DenselyDashed,
    ];

    public static Color ColorOf(int layer) => Colors.GetColor(layer % Colors.Colors.Length);

    public static LinePattern PatternOf(int layer) => Patterns[layer / Colors.Colors.Length % Patterns.Length];
}
