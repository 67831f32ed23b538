using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Training.Optimization;

/// <summary>Which optimiser trains the parameter groups, and its momentum (SGD).</summary>
public sealed record OptimizerSettings(OptimizerKind Kind, double Momentum = 0.9)
{
    /// <summary>The optimiser over <paramref name="groups"/>, each group with its own learning rate (and, for SGD,
    /// weight decay). Built after the model has moved to its device, since TorchSharp's Module.to replaces
    /// Parameter objects.</summary>
    public OptimizerHelper Create(IReadOnlyList<ParameterGroup> groups) =>
        Kind switch
        {
            OptimizerKind.Sgd => ParameterGroups.Sgd(groups, Momentum),
            OptimizerKind.Adam => new Adam(
                groups.Select(g => new Adam.ParamGroup(
                    g.Parameters.Select(p => p.Parameter),
                    new Adam.Options { LearningRate = g.LearningRate, weight_decay = g.WeightDecay }
                )),
                groups[0].LearningRate
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
}
