using static TorchSharp.torch;

namespace GatedLif.Data.Loading;

/// <summary>
/// Where a CIFAR10-DVS training run's streams start, as the reference's process seeds them: torch's default
/// generator as it stands once the model is built (<c>torch.manual_seed(seed)</c>, then the model's
/// initialisation), and NumPy's global generator's seed (<c>np.random.seed(seed)</c>).
/// </summary>
public sealed record DvsTrainingStreams(Tensor TorchStart, uint NumpySeed);
