using GatedLif.Neurons;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Training;

/// <summary>One SGD parameter group: its parameters in model order, learning rate and weight decay.</summary>
public sealed record ParameterGroup(
    string Name,
    IReadOnlyList<(string Name, Parameter Parameter)> Parameters,
    double LearningRate,
    double WeightDecay
);

/// <summary>
/// train.py's optimiser groups. Without <c>--tunable-lif</c>: [others (weight decay), gates + LIF (no decay)].
/// With it: [others, LIF (no decay), gates (no decay, lr / 10; lr / 1 on ImageNet)].
/// </summary>
public static class ParameterGroups
{
    public static ParameterRole RoleOf(string parameterName) =>
        GlifParameter.Named(parameterName[(parameterName.LastIndexOf('.') + 1)..]) switch
        {
            null => ParameterRole.Other,
            { IsGate: true } => ParameterRole.Gate,
            _ => ParameterRole.Lif,
        };

    public static IReadOnlyList<ParameterGroup> For(
        nn.Module model,
        double learningRate,
        double weightDecay,
        bool tunableLif,
        bool imageNet
    )
    {
        var all = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        var others = all.Where(p => RoleOf(p.name) == ParameterRole.Other).ToList();
        if (!tunableLif)
        {
            var glif = all.Where(p => RoleOf(p.name) != ParameterRole.Other).ToList();
            return [new("others", others, learningRate, weightDecay), new("glif", glif, learningRate, 0)];
        }
        var lif = all.Where(p => RoleOf(p.name) == ParameterRole.Lif).ToList();
        var gates = all.Where(p => RoleOf(p.name) == ParameterRole.Gate).ToList();
        double gateDivisor = imageNet ? 1 : 10;
        return
        [
            new("others", others, learningRate, weightDecay),
            new("lif", lif, learningRate, 0),
            new("gates", gates, learningRate / gateDivisor, 0),
        ];
    }

    /// <summary>TorchSharp's SGD over the groups, each with its own options (a group's options override the
    /// defaults).</summary>
    public static SGD Sgd(IReadOnlyList<ParameterGroup> groups, double momentum) =>
        new(
            groups.Select(g => new SGD.ParamGroup(
                g.Parameters.Select(p => p.Parameter),
                new SGD.Options
                {
                    LearningRate = g.LearningRate,
                    momentum = momentum,
                    dampening = 0,
                    weight_decay = g.WeightDecay,
                    nesterov = false,
                    maximize = false,
                }
            )),
            groups[0].LearningRate,
            momentum
        );
}
