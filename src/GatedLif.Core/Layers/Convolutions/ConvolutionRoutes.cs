using GatedLif.Layers.Convolutions.AutoTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Layers.Convolutions;

/// <summary>
/// The spike-input convolutions of a built model: the routes of its <see cref="TimeDistributed"/> containers
/// whose first layer reads spikes.
/// </summary>
public static class ConvolutionRoutes
{
    /// <summary>A layer that reads spikes: its state_dict prefix, the layer (a convolution or linear layer) and its
    /// route.</summary>
    public sealed record RoutedLayer(string Name, nn.Module<Tensor, Tensor> Layer, ConvolutionRoute Route);

    /// <summary>Every route in module order, each named (for messages too) by its layer's state_dict prefix.</summary>
    public static IReadOnlyList<RoutedLayer> Of(nn.Module model)
    {
        var routes = new List<RoutedLayer>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not TimeDistributed { InputRoute: { } route } container)
                continue;
            route.Name = $"{name}.0";
            routes.Add(new RoutedLayer(route.Name, container.Layers[0], route));
        }
        return routes;
    }

    /// <summary>Sets how every spike-input convolution of <paramref name="model"/> computes (auto choices start
    /// afresh).</summary>
    public static void Use(nn.Module model, ConvolutionImplementation implementation)
    {
        foreach (var layer in Of(model))
            layer.Route.Implementation = implementation;
    }

    /// <summary>What auto has decided so far, by layer name (layers without a decision left out).</summary>
    internal static Dictionary<string, AutoDecision> Decisions(nn.Module model) =>
        Of(model).Where(l => l.Route.Auto.Decision is not null).ToDictionary(l => l.Name, l => l.Route.Auto.Decision!);

    /// <summary>Gives each named layer's auto choice a saved decision (names the model lacks are skipped: a
    /// checkpoint of another model loads only as far as its state_dict allows).</summary>
    internal static void Restore(nn.Module model, IReadOnlyDictionary<string, AutoDecision> decisions)
    {
        foreach (var layer in Of(model))
            if (decisions.TryGetValue(layer.Name, out var decision))
                layer.Route.Auto.Restore(decision);
    }

    /// <summary>Makes every auto choice plan from <paramref name="agree"/>'s density (see
    /// <see cref="ConvolutionRoute.DensityAgreement"/>).</summary>
    public static void AgreeOnDensity(nn.Module model, Func<double, double> agree)
    {
        foreach (var layer in Of(model))
            layer.Route.DensityAgreement = agree;
    }

    /// <summary>Sets a fresh <see cref="CrossoverProbe"/> on every spike-input convolution (on) or removes them
    /// (off).</summary>
    public static void Probe(nn.Module model, bool on)
    {
        foreach (var layer in Of(model))
            layer.Route.Probe = on ? new CrossoverProbe() : null;
    }

    /// <summary>Turns the debug check of every spike-input convolution's input on or off (<see
    /// cref="SpikeInputCheck"/>).</summary>
    public static void CheckInputs(nn.Module model, bool on)
    {
        foreach (var layer in Of(model))
            layer.Route.ChecksInput = on;
    }

    /// <summary>Turns density measuring on (from nothing measured) or off (keeping what was) for every
    /// spike-input convolution.</summary>
    public static void MeasureDensity(nn.Module model, bool on)
    {
        foreach (var layer in Of(model))
        {
            if (on)
                layer.Route.ResetDensity();
            layer.Route.MeasuresDensity = on;
        }
    }

    /// <summary>The mean input density over every spike-input convolution's measured calls, each layer's inputs
    /// weighted by their size (the network's firing rate as those layers see it).</summary>
    public static double MeanDensity(nn.Module model)
    {
        var meters = Of(model).Select(l => l.Route.Density).Where(d => d.Calls > 0).ToList();
        double elements = meters.Sum(m => m.Elements);
        return elements == 0 ? 0 : meters.Sum(m => m.Density * m.Elements) / elements;
    }
}
