using GatedLif.Models.Networks;
using GatedLif.Neurons;

namespace GatedLif.Models;

/// <summary>Builds the network a <see cref="ModelSpec"/> describes, with the reference's initialisation.</summary>
public static class ModelFactory
{
    public static StaticImageNetwork Create(ModelSpec spec, bool randomGates = false)
    {
        spec.Glif.Validate();
        var architecture = spec.Architecture;
        if (spec.Width != 1.0 && !architecture.Scales)
            throw new NotSupportedException(
                $"a width other than 1 applies to the ResNets only, not to {architecture.Name}"
            );
        if (!architecture.Neurons.Contains(spec.Neuron))
            throw new NotSupportedException($"{architecture.Name} has no {spec.Neuron} neurons");
        var model = architecture.Build(spec);
        if (randomGates)
            GateRandomizer.Randomize(model);
        return model;
    }
}
