// A checkpoint written by the reference PyTorch code, used from C#: recognise its network from its keys and shapes,
// load it, evaluate it on the CIFAR-10 test files, and read what its GLIF neurons learned.
//   dotnet run -- CHECKPOINT CIFAR-FOLDER      (the folder that holds cifar-10-batches-py)
using GatedLif.Checkpoints;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Models;
using GatedLif.Neurons;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ReferenceCheckpoint CHECKPOINT CIFAR-FOLDER");
    return 2;
}
using var checkpoint = TorchCheckpointReader.Read(args[0]);
var shapes = checkpoint.StateDict.ToDictionary(kv => kv.Key, kv => kv.Value.shape);
var spec = ArchitectureRecognizer.Recognize(shapes)
    ?? throw new InvalidOperationException($"{args[0]}: not a network of the GLIF paper");

// The weights do not record the gate mode: this checkpoint was trained with soft (sigmoid) gates.
spec = spec with { Glif = spec.Glif with { SoftMode = true } };
Console.WriteLine($"{args[0]}: {spec.Describe()}");

using var model = ModelFactory.Create(spec);
StateDictLoader.Load(model, checkpoint.StateDict, args[0]);
model.eval();

var test = CifarDataset.Open(args[1], CifarVariant.Cifar10, CifarSplit.Test);
int correct = 0,
    seen = 0;
using (no_grad())
    foreach (var (images, labels) in new CifarBatchSource(test, batchSize: 100, training: false).Epoch(0))
    {
        correct += (int)model.call(images).argmax(1).eq(labels).sum().item<long>();
        seen += (int)labels.shape[0];
    }
Console.WriteLine($"top-1 on {seen} test images: {100.0 * correct / seen:F2}%");

// Each GLIF layer's learned quantities after the sigmoid, averaged over its channels (gates: how open they are).
Console.WriteLine($"{"layer", -24} {string.Join(" ", GlifParameter.All.Select(p => $"{p.Symbol, 8}"))}");
foreach (var (name, neuron) in model.named_modules().Where(m => m.module is GlifNeuron))
{
    var values = neuron.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
    var row = GlifParameter.All.Select(p =>
        values.TryGetValue(p.Name, out var v) ? $"{v.sigmoid().mean().item<float>(), 8:F3}" : $"{"-", 8}"
    );
    Console.WriteLine($"{name, -24} {string.Join(" ", row)}");
}
return 0;
