using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// The per-call transformed neuron quantities. Entries that vary with time are indexed by step; the rest are
/// shared by every step. Owns its tensors and disposes them after the call.
/// </summary>
public sealed class StepCoefficients : IDisposable
{
    private readonly Dictionary<string, Tensor> _constant = new();
    private readonly Dictionary<string, Tensor[]> _perStep = new();

    public Tensor this[string name] => _constant[name];

    public Tensor At(string name, int t) =>
        _perStep.TryGetValue(name, out var steps) ? steps[t] : _constant[name];

    public Tensor Threshold(int t) => At("Vth", t);

    public void Set(string name, Tensor value) => _constant[name] = value;

    public void SetPerStep(string name, Tensor[] values) => _perStep[name] = values;

    public void Dispose()
    {
        foreach (var t in _constant.Values) t.Dispose();
        foreach (var steps in _perStep.Values)
            foreach (var t in steps) t.Dispose();
    }
}
