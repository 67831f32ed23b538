using static TorchSharp.torch;
var x = ones(2, 3);
Console.WriteLine((x * 2).sum().item<float>());
