using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands;

/// <summary>
/// <c>gatedlif bench-imagenet-pipeline</c> (ours): writes JPEGs of ImageNet's typical size (500x375, quality 90,
/// smooth content with noise) to a temporary folder, then times the validation pipeline (decode, Resize(256),
/// CenterCrop(224), normalise) with one worker and with N, and ResNet-18MS T=1 evaluation per image on the CPU.
/// </summary>
public static class ImageNetPipelineBenchCommand
{
    public const string Name = "bench-imagenet-pipeline";
    public const string Summary =
        "Time the ImageNet validation pipeline on JPEGs it writes itself, and ResNet-18MS T=1 evaluation.";

    public static int Run(string[] args, CliConsole console)
    {
        var images = new Option<int>("--images")
        {
            DefaultValueFactory = _ => 96,
            Description = "JPEG files to write and read.",
        };
        var workers = new Option<int>("--workers", "-j")
        {
            DefaultValueFactory = _ => Environment.ProcessorCount,
            Description = "Worker threads of the second measurement.",
        };
        var modelImages = new Option<int>("--model-images")
        {
            DefaultValueFactory = _ => 8,
            Description = "Images for the ResNet-18MS T=1 evaluation timing (0: skip it).",
        };
        var command = CommandTree.Subcommand(Name, Summary);
        foreach (var option in new Option[] { images, workers, modelImages })
            command.Options.Add(option);
        if (CommandParsing.AsksForHelp(args))
            return CommandTree.Parse(command, args).Invoke(console.Invocation);
        var parsed = CommandParsing.ThrowOnErrors(CommandTree.Parse(command, args));
        int count = parsed.GetValue(images),
            threads = parsed.GetValue(workers),
            forward = parsed.GetValue(modelImages);
        if (count < 1 || threads < 1 || forward < 0)
            throw new UsageException("--images and --workers must be at least 1, --model-images at least 0");

        var root = Path.Combine(Path.GetTempPath(), "gatedlif-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteJpegs(root, count);
            var folder = ImageFolder.Open(root);
            console.Out.WriteLine($"{count} JPEGs of 500x375 in {root}; {Environment.ProcessorCount} cores");
            double single = ImagesPerSecond(folder, 1);
            console.Out.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"validation pipeline, 1 worker: {single:F1} images/s (per core)"
                )
            );
            double many = ImagesPerSecond(folder, threads);
            console.Out.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"validation pipeline, {threads} workers: {many:F1} images/s "
                        + $"({many / Math.Min(threads, Environment.ProcessorCount):F1} per core)"
                )
            );
            if (forward > 0)
                console.Out.WriteLine(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"ResNet-18MS T=1 evaluation on the CPU: {EvalSecondsPerImage(forward):F3} s per image "
                            + $"(batch of {forward})"
                    )
                );
        }
        finally
        {
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
        return 0;
    }

    private static void WriteJpegs(string root, int count)
    {
        var random = new Random(1);
        for (int i = 0; i < count; i++)
        {
            var folder = Path.Combine(root, $"n{i % 4:D8}");
            Directory.CreateDirectory(folder);
            using var image = new Image<Rgb24>(500, 375);
            int phase = random.Next(64);
            for (int y = 0; y < 375; y++)
            for (int x = 0; x < 500; x++)
                image[x, y] = new Rgb24(
                    (byte)(x / 2 + random.Next(16)),
                    (byte)(y * 2 / 3 + random.Next(16)),
                    (byte)(((x + y + phase) / 24 % 2) * 160 + random.Next(32))
                );
            image.SaveAsJpeg(Path.Combine(folder, $"img{i:D5}.JPEG"), new JpegEncoder { Quality = 90 });
        }
    }

    private static double ImagesPerSecond(ImageFolder folder, int workers)
    {
        var source = new ImageFolderBatchSource(folder, 32, new ImageNetEvalTransform(), workers);
        foreach (var batch in source.Batches(0).Take(1))
            batch.Dispose();
        var clock = Stopwatch.StartNew();
        foreach (var batch in source.Batches(0))
            batch.Dispose();
        return folder.Count / clock.Elapsed.TotalSeconds;
    }

    private static double EvalSecondsPerImage(int count)
    {
        var spec = new ModelSpec(
            Architectures.ResNet18MS,
            NeuronKind.ChannelWise,
            1000,
            new GlifSettings(1, GlifSettings.DefaultGates, SoftMode: true)
        );
        using var model = ModelFactory.Create(spec);
        model.eval();
        using var _ = no_grad();
        using var x = randn(count, 3, 224, 224);
        using (model.call(x)) { }
        var clock = Stopwatch.StartNew();
        using (model.call(x)) { }
        return clock.Elapsed.TotalSeconds / count;
    }
}
