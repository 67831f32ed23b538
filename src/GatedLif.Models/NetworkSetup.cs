using GatedLif.Layers.Convolutions;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models;

/// <summary>
/// What every command does between building a network and using it, in one order: its spike-input convolutions
/// routed to the chosen implementation, then the move to the device. TorchSharp's <c>Module.to</c> replaces the
/// Parameter objects, so checkpoints are loaded into, and optimisers and parameter groups made from, the network it
/// returns.
/// </summary>
public static class NetworkSetup
{
    public static T Place<T>(T model, ConvolutionImplementation convolutions, Device device)
        where T : nn.Module
    {
        ConvolutionRoutes.Use(model, convolutions);
        model.to(device);
        return model;
    }
}
