// A spiking network of its own, written against the packages: two convolutions, each followed by tdBN and a
// channel-wise GLIF layer, then a linear readout, trained on Fashion-MNIST over T = 2 time steps. The surrogate
// gradient is chosen in code (a sigmoid instead of the paper's rectangle, so the neurons run unrolled).
//   dotnet run -- [TRAINING BATCHES] [FASHION-MNIST FOLDER]
using GatedLif.Data.Datasets;
using GatedLif.Layers;
using GatedLif.Neurons;
using GatedLif.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

int batches = args.Length > 0 ? int.Parse(args[0]) : 400;
string folder = args.Length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist";
const int T = 2,
    BatchSize = 64;
manual_seed(0);
var train = FashionMnistSplit.Read(folder, CifarSplit.Train);
var test = FashionMnistSplit.Read(folder, CifarSplit.Test);

var glif = new GlifSettings(
    T,
    GlifSettings.DefaultGates,
    Surrogate: new SigmoidSurrogate(Alpha: 4.0),
    Implementation: NeuronImplementation.Unrolled
);

// Neurons read [T, B, C, H, W]; TimeDistributed runs ordinary layers on each step's [B, C, H, W].
var model = nn.Sequential(
    ("conv1", new TimeDistributed(nn.Conv2d(1, 16, 3, padding: 1, bias: false), new TdBatchNorm(16))),
    ("glif1", new ChannelWiseGlif(16, glif)),
    ("conv2", new TimeDistributed(nn.AvgPool2d(2), nn.Conv2d(16, 32, 3, padding: 1, bias: false), new TdBatchNorm(32))),
    ("glif2", new ChannelWiseGlif(32, glif)),
    ("readout", new TimeDistributed(nn.AvgPool2d(2), nn.Flatten(), nn.Linear(32 * 7 * 7, 10)))
);
var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
var random = new Random(0);

for (int batch = 1; batch <= batches; batch++)
{
    using var scope = NewDisposeScope();
    var (images, labels) = Batch(train, Enumerable.Range(0, BatchSize).Select(_ => random.Next(train.Count)));
    // The image is the input at every step; the prediction is the readout averaged over time.
    var loss = nn.functional.cross_entropy(model.call(images).mean([0]), labels);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (batch % 50 == 0 || batch == batches)
        Console.WriteLine($"batch {batch}: loss {loss.item<float>():F4}");
}

model.eval();
int correct = 0,
    seen = Math.Min(test.Count, 2000);
using (no_grad())
    for (int start = 0; start < seen; start += BatchSize)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Batch(test, Enumerable.Range(start, Math.Min(BatchSize, seen - start)));
        correct += (int)model.call(images).mean([0]).argmax(1).eq(labels).sum().item<long>();
    }
Console.WriteLine($"test accuracy on {seen} images: {100.0 * correct / seen:F1}%");

// Images as [T, B, 1, 28, 28] floats in [0, 1] (the same image at every step) and their labels.
static (Tensor Images, Tensor Labels) Batch(FashionMnistSplit split, IEnumerable<int> indices)
{
    var chosen = indices.ToArray();
    var pixels = chosen.SelectMany(i => split.Image(i).ToArray()).Select(p => p / 255f).ToArray();
    var images = tensor(pixels).reshape(chosen.Length, 1, 28, 28);
    var labels = tensor(chosen.Select(i => (long)split.Labels[i]).ToArray());
    return (images.unsqueeze(0).expand(T, -1, -1, -1, -1), labels);
}
