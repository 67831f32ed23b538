using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Neurons;

/// <summary>
/// <c>--randomgate</c>: redraws α, β and γ of every neuron that owns all three from Uniform(-0.1, 0.1), in the
/// reference's order (utils.randomize_gate: depth-first, a module's children before the module itself;
/// α, β, γ in turn) and from torch's default generator, so a seeded run draws the same values.
/// Neurons owning only γ (GLIF_f) keep their initial gates.
/// </summary>
public static class GateRandomizer
{
    public const double Bound = 0.1;

    public static void Randomize(nn.Module model, Generator? generator = null)
    {
        using var _ = no_grad();
        Visit(model, generator);
    }

    private static void Visit(nn.Module module, Generator? generator)
    {
        foreach (var (_, child) in module.named_children())
        {
            Visit(child, generator);
            var own = child.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
            if (GlifParameter.Gates.All(g => own.ContainsKey(g.Name)))
                foreach (var gate in GlifParameter.Gates)
                    own[gate.Name].uniform_(-Bound, Bound, generator);
        }
    }
}
