// The neurons are not GLIF only: the same small network with plain LIF neurons (fixed τ and threshold) and with
// parametric LIF neurons (PLIF: a learned τ), trained side by side on a toy task, a bright or a dark patch in
// noise, to show the API is the same.
using GatedLif.Layers;
using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

const int T = 4,
    BatchSize = 32;
manual_seed(0);
foreach (
    var (kind, makeNeuron) in new (string, Func<nn.Module<Tensor, Tensor>>)[]
    {
        ("plain LIF", () => new PlainLif(tau: 2.0, vth: 1.0)),
        ("PLIF", () => new ParametricLif(initialTau: 2.0)),
    }
)
{
    var model = nn.Sequential(
        ("conv", new TimeDistributed(nn.Conv2d(1, 8, 3, padding: 1), new TdBatchNorm(8, plain: true))),
        ("lif", makeNeuron()),
        ("readout", new TimeDistributed(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2)))
    );
    var optimizer = optim.Adam(model.parameters(), 0.01);
    float loss = 0;
    for (int step = 0; step < 100; step++)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Patches();
        var output = nn.functional.cross_entropy(model.call(x).mean([0]), y);
        optimizer.zero_grad();
        output.backward();
        optimizer.step();
        loss = output.item<float>();
    }
    model.eval();
    using (no_grad())
    {
        var (x, y) = Patches();
        double accuracy = model.call(x).mean([0]).argmax(1).eq(y).to_type(float32).mean().item<float>();
        Console.WriteLine($"{kind, -10} last training loss {loss:F3}, accuracy on a fresh batch {100 * accuracy:F0}%");
    }
}

// [T, B, 1, 8, 8]: noise with a bright (class 1) or dark (class 0) 4x4 patch, the same at every step.
static (Tensor Images, Tensor Labels) Patches()
{
    var labels = randint(0, 2, [BatchSize]);
    var images = randn(BatchSize, 1, 8, 8) * 0.3;
    var sign = labels.to_type(float32).mul(2).sub(1).view(-1, 1, 1, 1);
    images[.., .., 2..6, 2..6] += sign;
    return (images.unsqueeze(0).expand(T, -1, -1, -1, -1), labels);
}
