using GatedLif.Files;
using ScottPlot;
using SkiaSharp;

namespace GatedLif.Cli.Plotting;

/// <summary>Renders a grid of panels into one PNG, written atomically (a failed plot leaves no half-written
/// figure).</summary>
public static class FigureFile
{
    public static void SavePng(string path, IReadOnlyList<Plot> panels, int columns, int width, int height)
    {
        var figure = new Multiplot();
        // A new Multiplot starts with one empty plot of its own.
        while (figure.Subplots.Count > 0)
            figure.Subplots.RemoveAt(0);
        foreach (var panel in panels)
        {
            // Debian's fonts-dejavu-core (the scripts install it): the same face on every machine.
            panel.Font.Set(PlotStyle.FontName);
            figure.Subplots.Add(panel);
        }
        int rows = (panels.Count + columns - 1) / columns;
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        figure.Render(surface.Canvas, new PixelRect(new PixelSize(width, height)));
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, png.SaveTo);
    }
}
