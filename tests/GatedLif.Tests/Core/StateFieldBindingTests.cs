using System.Reflection;
using GatedLif.Layers;
using GatedLif.Neurons;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core;

/// <summary>
/// The modules keep their state in C#-named fields that carry the state_dict name (<c>[ComponentName]</c>):
/// Module.to() replaces the registered tensors and rebinds each field by that name, so after a move every field
/// must hold the tensor now registered under its name, and the forward pass must run on the moved state.
/// </summary>
public sealed class StateFieldBindingTests
{
    public static TheoryData<string> Modules() => [.. Build.Keys];

    // Neurons read [T, B, C]; the norms [N, C, H, W]. Three channels, two time steps.
    private static readonly long[] NeuronInput = [2, 1, 3],
        NormInput = [2, 3, 2, 2];

    private static readonly Dictionary<string, Func<(nn.Module<Tensor, Tensor> Module, long[] Input)>> Build = new()
    {
        ["layer-wise"] = () => (new LayerWiseGlif(Settings()), NeuronInput),
        ["layer-wise time-wise"] = () => (new LayerWiseGlif(Settings() with { TimeWise = true }), NeuronInput),
        ["channel-wise"] = () => (new ChannelWiseGlif(3, Settings()), NeuronInput),
        ["fused"] = () => (new FusedGlif(3, Settings()), NeuronInput),
        ["PLIF"] = () => (new ParametricLif(), NeuronInput),
        ["tdBN"] = () => (new TdBatchNorm(3), NormInput),
        ["plain BN"] = () => (new TdBatchNorm(3, plain: true), NormInput),
    };

    private static GlifSettings Settings() => new(2, GlifSettings.DefaultGates);

    [Theory]
    [MemberData(nameof(Modules))]
    public void After_a_dtype_move_every_named_field_holds_the_registered_tensor(string name)
    {
        var (module, input) = Build[name]();
        module.to(float64);
        var state = module.state_dict();
        // Private fields of base classes too (a GLIF neuron's membrane constants), as TorchSharp walks them.
        var fields = TypeAndBases(module.GetType())
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.GetCustomAttribute<ComponentNameAttribute>() is not null)
            .Select(f =>
                (Key: f.GetCustomAttribute<ComponentNameAttribute>()!.Name, Value: (Tensor?)f.GetValue(module))
            )
            .Where(f => f.Value is not null)
            .ToList();

        Assert.Equal(state.Keys.Order(), fields.Select(f => f.Key).Order());
        foreach (var (key, value) in fields)
        {
            Assert.Equal(state[key].Handle, value!.Handle);
            if (state[key].is_floating_point())
                Assert.Equal(float64, value.dtype);
        }
        module.eval();
        var output = module.call(full(input, 0.9, float64));
        Assert.Equal(float64, output.dtype);
    }

    private static IEnumerable<Type> TypeAndBases(Type? type)
    {
        for (; type is not null; type = type.BaseType)
            yield return type;
    }
}
