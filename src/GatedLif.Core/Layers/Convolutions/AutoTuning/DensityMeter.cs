using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions.AutoTuning;

/// <summary>The fraction of non-zero elements over the inputs a convolution has been given (a firing rate, for
/// spikes).</summary>
internal sealed class DensityMeter
{
    private long _nonZero,
        _elements;

    public int Calls { get; private set; }

    public long Elements => _elements;

    /// <summary>Non-zeros over elements of every input added; 0 before the first.</summary>
    public double Density => _elements == 0 ? 0 : (double)_nonZero / _elements;

    public void Add(Tensor input)
    {
        using var count = input.count_nonzero();
        _nonZero += count.item<long>();
        _elements += input.numel();
        Calls++;
    }

    public static double Of(Tensor input)
    {
        var meter = new DensityMeter();
        meter.Add(input);
        return meter.Density;
    }
}
