namespace GatedLif.Cli.Plotting;

/// <summary>How the figures name a GLIF layer: its state_dict prefix (<c>features.3.body.1</c>), cut in the middle
/// when it is too long for a tick label, keeping the start (the stage) and the end (the neuron).</summary>
public static class LayerLabel
{
    public const int MaxLength = 18;

    public static string Short(string layer)
    {
        if (layer.Length <= MaxLength)
            return layer;
        int head = (MaxLength - 1) / 2;
        int tail = MaxLength - 1 - head;
        return $"{layer[..head]}…{layer[^tail..]}";
    }
}
