using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Models;

/// <summary>
/// A network of cifar10dvs/train.py (a <see cref="SewResNet"/>), as an entry of <see cref="Architectures"/>: its
/// <c>-model</c> name, which is also its display name, its stages, neurons and pooling, and its input.
/// </summary>
/// <param name="Pooling">The 2x2 pooling after a stage: average, as the GLIF and plain-LIF networks pool.</param>
/// <param name="TrainsOnFrameSubset">It accepts <c>-T_train</c> below <c>-T</c> (the reference asserts T_train == T for
/// the others).</param>
public sealed record DvsArchitecture(
    string Name,
    IReadOnlyList<SewResNet.Stage> Stages,
    DvsNeurons Neurons,
    DvsInput Input,
    StagePooling Pooling = StagePooling.Average,
    bool TrainsOnFrameSubset = false
)
{
    /// <summary>
    /// The network for inputs [N, T, 2, side, side]. Convolutions, BatchNorm and the read-out start as PyTorch starts
    /// them, from torch's default generator; GLIF neurons draw their gates from <paramref name="numpy"/> as each is
    /// built, as the reference's do from NumPy's global generator; the other neurons draw nothing from it.
    /// </summary>
    public nn.Module<Tensor, Tensor> Create(
        ConnectFunction connect,
        int timeSteps,
        int inputSide,
        NumpyLegacyRandom numpy
    ) => new SewResNet(Stages, connect, Neurons.For(timeSteps, numpy), inputSide, pooling: Pooling);
}
