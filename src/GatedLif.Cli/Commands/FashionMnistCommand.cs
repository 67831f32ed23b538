using System.CommandLine;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Data.Datasets;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif fashion-mnist</c> (ours): converts Debian's Fashion-MNIST (package dataset-fashion-mnist) into the
/// CIFAR-10 python layout — zero-padded to 32x32, grey copied to R, G, B — the demo's data set.
/// </summary>
public static class FashionMnistCommand
{
    public const string Name = "fashion-mnist";
    public const string Summary = "Convert Debian's Fashion-MNIST to the CIFAR-10 python layout (the demo's data).";

    public static int Run(string[] args, CliConsole console)
    {
        var source = new Option<string>("--source")
        {
            DefaultValueFactory = _ => FashionMnistToCifar.DebianFolder,
            Description = "Folder with the IDX files.",
        };
        var output = new Option<string>("--dataset-path")
        {
            DefaultValueFactory = _ => "./dataset/",
            Description = "Folder to create cifar-10-batches-py in.",
        };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test images." };
        var command = CommandTree.Subcommand(Name, Summary);
        foreach (var option in new Option[] { source, output, trainLimit, testLimit })
            command.Options.Add(option);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke(console.Invocation);
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));
        if (parsed.GetValue(trainLimit) is < FashionMnistToCifar.TrainBatchCount)
            throw new UsageException($"--train-limit must be at least {FashionMnistToCifar.TrainBatchCount}");
        if (parsed.GetValue(testLimit) is < 1)
            throw new UsageException("--test-limit must be at least 1");
        var result = FashionMnistToCifar.Convert(
            parsed.GetValue(source)!,
            parsed.GetValue(output)!,
            parsed.GetValue(trainLimit),
            parsed.GetValue(testLimit),
            console.Out
        );
        console.Out.WriteLine(
            result.AlreadyPresent
                ? $"{result.Folder} already holds a complete data set; left as it is"
                : $"wrote {result.Folder}"
        );
        return 0;
    }
}
