using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Training;

namespace GatedLif.Tests.Core.Training;

public sealed class ParameterGroupsTests
{
    private static ModelSpec Spec(NeuronKind kind, bool staticParam = false) =>
        new(
            Architectures.ResNet18,
            kind,
            10,
            new GlifSettings(2, GlifSettings.DefaultGates, StaticParam: staticParam),
            Width: 0.125
        );

    [Theory]
    [InlineData(NeuronKind.ChannelWise)]
    [InlineData(NeuronKind.LayerWise)]
    [InlineData(NeuronKind.Fused)]
    public void Without_tunable_lif_GLIF_parameters_share_one_group_without_weight_decay(NeuronKind kind)
    {
        using var model = ModelFactory.Create(Spec(kind));
        var groups = ParameterGroups.For(model, 0.1, 4e-5, tunableLif: false, imageNet: false);
        Assert.Equal(2, groups.Count);
        Assert.Equal((0.1, 4e-5), (groups[0].LearningRate, groups[0].WeightDecay));
        Assert.Equal((0.1, 0.0), (groups[1].LearningRate, groups[1].WeightDecay));
        Assert.All(groups[0].Parameters, p => Assert.Equal(ParameterRole.Other, ParameterGroups.RoleOf(p.Name)));
        Assert.All(groups[1].Parameters, p => Assert.NotEqual(ParameterRole.Other, ParameterGroups.RoleOf(p.Name)));
        Assert.Contains(groups[0].Parameters, p => p.Name == "conv1.0.0.weight");
        Assert.Contains(groups[0].Parameters, p => p.Name == "conv1.0.1.bias");
        Assert.Contains(groups[1].Parameters, p => p.Name == "conv1.1.conduct");
        Assert.Contains(groups[1].Parameters, p => p.Name == "features.7.lif.gamma");
        Assert.Equal(model.parameters().Count(), groups.Sum(g => g.Parameters.Count));
        // The GLIF group keeps model order, gates and LIF parameters interleaved as the reference's list is.
        Assert.Equal(
            model.named_parameters().Select(p => p.name).Where(n => ParameterGroups.RoleOf(n) != ParameterRole.Other),
            groups[1].Parameters.Select(p => p.Name)
        );
    }

    [Fact]
    public void Tunable_lif_splits_LIF_parameters_and_gates_with_a_tenth_of_the_rate()
    {
        using var model = ModelFactory.Create(Spec(NeuronKind.ChannelWise));
        var groups = ParameterGroups.For(model, 0.1, 4e-5, tunableLif: true, imageNet: false);
        Assert.Equal(["others", "lif", "gates"], groups.Select(g => g.Name));
        Assert.Equal([0.1, 0.1, 0.1 / 10], groups.Select(g => g.LearningRate));
        Assert.Equal([4e-5, 0.0, 0.0], groups.Select(g => g.WeightDecay));
        Assert.All(groups[1].Parameters, p => Assert.Matches(@"\.(tau|Vth|leak|conduct|reVth)$", p.Name));
        Assert.All(groups[2].Parameters, p => Assert.Matches(@"\.(alpha|beta|gamma)$", p.Name));
        Assert.Equal(0.1, ParameterGroups.For(model, 0.1, 4e-5, tunableLif: true, imageNet: true)[2].LearningRate);
    }

    [Fact]
    public void GLIF_f_has_gamma_as_its_only_gate_and_static_parameters_leave_only_gates()
    {
        using var fused = ModelFactory.Create(Spec(NeuronKind.Fused));
        var gates = ParameterGroups.For(fused, 0.1, 4e-5, true, false)[2].Parameters;
        Assert.All(gates, p => Assert.EndsWith(".gamma", p.Name));
        Assert.NotEmpty(gates);

        using var fixedLif = ModelFactory.Create(Spec(NeuronKind.LayerWise, staticParam: true));
        var groups = ParameterGroups.For(fixedLif, 0.1, 4e-5, true, false);
        Assert.Empty(groups[1].Parameters);
        Assert.Equal(17 * 3, groups[2].Parameters.Count);
    }

    [Fact]
    public void SGD_groups_keep_their_own_options()
    {
        using var model = ModelFactory.Create(Spec(NeuronKind.ChannelWise));
        var groups = ParameterGroups.For(model, 0.1, 4e-5, tunableLif: true, imageNet: false);
        using var sgd = ParameterGroups.Sgd(groups, 0.9);
        var options = sgd.state_dict().Options.Cast<TorchSharp.Modules.SGD.Options>().ToList();
        Assert.Equal([0.1, 0.1, 0.01], options.Select(o => o.LearningRate!.Value));
        Assert.All(options, o => Assert.Equal(0.9, o.momentum));
        Assert.Equal([4e-5, 0.0, 0.0], options.Select(o => o.weight_decay!.Value));
    }
}
