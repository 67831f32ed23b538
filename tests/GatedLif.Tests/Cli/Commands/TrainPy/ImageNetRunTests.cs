using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Checkpoints;
using GatedLif.Data;
using GatedLif.Data.Datasets;
using GatedLif.Data.Transforms;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Neurons;
using GatedLif.Tests.TestSupport;
using GatedLif.Training.Checkpointing;
using static TorchSharp.torch;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

/// <summary>
/// <c>--imagenet</c> end to end through scripts/gatedlif on a tiny PNG ImageFolder: evaluating a ResNet-18MS
/// checkpoint with DistributedDataParallel's <c>module.</c> keys, and one training step.
/// </summary>
public sealed partial class ImageNetRunTests
{
    [GeneratedRegex(@"TEST Epoch -1: loss = (\d+\.\d{6}),\tTop-1  = (\d\.\d{6}),\tTop-5  = (\d\.\d{6}),\tval_time = ")]
    private static partial Regex TestLine();

    [Fact]
    public void Eval_of_a_ResNet18MS_checkpoint_with_module_keys_reports_its_loss_on_the_folder()
    {
        using var work = new TempFolder();
        var val = Path.Combine(work.Path, "val");
        TestImages.WriteFolder(val, classes: 2, perClass: 1, (256, 262), (300, 256));
        var spec = new ModelSpec(
            Architectures.ResNet18MS,
            NeuronKind.ChannelWise,
            1000,
            new GlifSettings(1, GlifSettings.DefaultGates, SoftMode: true)
        );
        manual_seed(3);
        using var model = ModelFactory.Create(spec, randomGates: true);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("lastave", StringComparison.Ordinal))
                    p.normal_(0, 0.5);
        var models = Path.Combine(work.Path, "models");
        Directory.CreateDirectory(models);
        TorchCheckpointWriter.Write(
            Path.Combine(models, "r18ms-step1.pth.tar"),
            new Dictionary<string, object?>
            {
                ["state_dict"] = ModuleStateOrder
                    .OrderedStateDict(model)
                    .ToDictionary(e => "module." + e.Key, e => (object?)e.Value),
            }
        );

        var expected = ExpectedLoss(model, ImageFolder.Open(val));
        var run = CliRun.Start(
            work.Path,
            "--modeltag",
            "r18ms-step1",
            "--soft-mode",
            "--eval",
            "--eval-resume",
            models,
            "--MS18",
            "--channel-wise",
            "--t",
            "1",
            "--train-dir",
            Path.Combine(work.Path, "absent"),
            "--val-dir",
            val,
            "--imagenet",
            "--device",
            "cpu",
            "-j",
            "2"
        );

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = TestLine().Match(run.Stdout);
        Assert.True(line.Success, run.ToString());
        Assert.Equal(expected, double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), 5);
    }

    [Fact]
    public void Training_runs_a_step_and_writes_a_checkpoint_with_module_keys()
    {
        using var work = new TempFolder();
        TestImages.WriteFolder(Path.Combine(work.Path, "train"), classes: 2, perClass: 1, (64, 48));
        TestImages.WriteFolder(Path.Combine(work.Path, "val"), classes: 2, perClass: 1, (256, 256));

        var run = CliRun.Start(
            work.Path,
            "--imagenet",
            "--MS18",
            "--t",
            "1",
            "--epochs",
            "1",
            "--batch-size",
            "2",
            "--display-interval",
            "1",
            "--train-dir",
            "train",
            "--val-dir",
            "val",
            "--modeltag",
            "tinynet",
            "--device",
            "cpu",
            "--tunable-lif"
        );

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"(?m)^Train Epoch: 1 \[0/2 \(0%\)\]\tLoss: \d+\.\d{6}", run.Stdout);
        Assert.Contains("and lr now is [0.1, 0.1, 0.1]", run.Stdout);
        var checkpoint = Directory
            .GetFiles(Path.Combine(work.Path, "raw", "models", CheckpointNames.ResumeSubfolder))
            .Single();
        using var saved = TorchCheckpointReader.Read(checkpoint);
        Assert.All(saved.StateDict.Keys, k => Assert.StartsWith("module.", k));
        Assert.Contains("module.features.7.body.3.1.running_var", saved.StateDict.Keys);
    }

    private static double ExpectedLoss(nn.Module<Tensor, Tensor> model, ImageFolder folder)
    {
        model.eval();
        var transform = new ImageNetEvalTransform();
        var input = new float[folder.Count * 3 * 224 * 224];
        for (int i = 0; i < folder.Count; i++)
            transform.Apply(
                RgbImageDecoder.Load(folder.Samples[i].Path),
                AugmentationDraws.None,
                input.AsSpan(i * 3 * 224 * 224, 3 * 224 * 224)
            );
        using var _ = no_grad();
        using var x = tensor(input, [folder.Count, 3, 224, 224]);
        using var y = tensor(folder.Samples.Select(s => (long)s.ClassIndex).ToArray(), [folder.Count]);
        using var logits = model.call(x);
        using var loss = nn.functional.cross_entropy(logits, y);
        return Math.Round(loss.item<float>(), 6);
    }
}
