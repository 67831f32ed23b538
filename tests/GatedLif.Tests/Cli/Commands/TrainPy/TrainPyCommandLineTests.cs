using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Commands.TrainPy;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Commands.TrainPy;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class TrainPyCommandLineTests
{
    private static TrainPyOptions Parse(params string[] args) => new TrainPyCommandLine().Parse(args);

    [Fact]
    public void Every_reference_flag_has_its_default()
    {
        var o = Parse();
        Assert.False(o.Eval);
        Assert.Equal(("./raw/models", "./raw/models"), (o.EvalResume, o.TrainResume));
        Assert.Equal(
            (72, 200, 0.1, 0.9, 4e-5, 9),
            (o.BatchSize, o.Epochs, o.LearningRate, o.Momentum, o.WeightDecay, o.Seed)
        );
        Assert.Equal((10, 10), (o.DisplayInterval, o.SaveInterval));
        Assert.Equal(
            ("./dataset/", "./imagenet/train", "./imagenet/val", "SNN"),
            (o.DatasetPath, o.TrainDir, o.ValDir, o.ModelTag)
        );
        Assert.Equal([0.6, 0.8, 0.6], o.Gate);
        Assert.Equal(3, o.T);
        Assert.False(
            o.AutoContinue
                || o.TunableLif
                || o.Amp
                || o.StaticGate
                || o.StaticParam
                || o.ChannelWise
                || o.SoftSimple
                || o.SoftMode
                || o.RandomGate
                || o.ImageNet
                || o.Cifar100
        );
        Assert.Empty(o.ModelFlags);
    }

    [Fact]
    public void Every_reference_flag_parses_with_its_spelling()
    {
        var o = Parse(
            "--eval",
            "--eval-resume",
            "e",
            "--train-resume",
            "r",
            "--batch-size",
            "16",
            "--epochs",
            "5",
            "--learning-rate",
            "0.05",
            "--momentum",
            "0.8",
            "--weight-decay",
            "1e-4",
            "--seed",
            "3",
            "--auto-continue",
            "--display-interval",
            "2",
            "--save-interval",
            "4",
            "--dataset-path",
            "d",
            "--train-dir",
            "t",
            "--val-dir",
            "v",
            "--tunable-lif",
            "--amp",
            "--modeltag",
            "m",
            "--gate",
            "0.5",
            "0.7",
            "0.9",
            "--static-gate",
            "--static-param",
            "--channel-wise",
            "--softsimple",
            "--soft-mode",
            "--t",
            "6",
            "--randomgate",
            "--imagenet",
            "--cifar100",
            "--stand18",
            "--cifarnet",
            "--MS18",
            "--MS34"
        );
        Assert.True(
            o.Eval
                && o.AutoContinue
                && o.TunableLif
                && o.Amp
                && o.StaticGate
                && o.StaticParam
                && o.ChannelWise
                && o.SoftSimple
                && o.SoftMode
                && o.RandomGate
                && o.ImageNet
                && o.Cifar100
        );
        Assert.Equal(["--MS18", "--MS34", "--cifarnet", "--stand18"], o.ModelFlags.Order(StringComparer.Ordinal));
        Assert.Equal(
            ("e", "r", 16, 5, 0.05, 0.8, 1e-4, 3),
            (o.EvalResume, o.TrainResume, o.BatchSize, o.Epochs, o.LearningRate, o.Momentum, o.WeightDecay, o.Seed)
        );
        Assert.Equal(
            (2, 4, "d", "t", "v", "m", 6),
            (o.DisplayInterval, o.SaveInterval, o.DatasetPath, o.TrainDir, o.ValDir, o.ModelTag, o.T)
        );
        Assert.Equal([0.5, 0.7, 0.9], o.Gate);
    }

    [Fact]
    public void Argparse_conventions_hold()
    {
        Assert.Equal(5, Parse("--epoch", "5").Epochs);
        Assert.Equal(0.01, Parse("--learning=0.01").LearningRate);
        Assert.Equal(32, Parse("--batch-size", "16", "--t", "2", "--batch-size", "32").BatchSize);
        Assert.Equal(
            [0.1, 0.2, 0.3],
            Parse("--gate", "0.6", "0.8", "0.6", "--stand18", "--gate", "0.1", "0.2", "0.3").Gate
        );
        Assert.Equal(["--stand18"], Parse("--stand18", "--stand18").ModelFlags);
        Assert.Throws<UsageException>(() => Parse("--s", "1"));
        Assert.Throws<UsageException>(() => Parse("--no-such-flag"));
        Assert.Throws<UsageException>(() => Parse("--epochs", "many"));
    }

    [Theory]
    [InlineData("--epochs 0", "--epochs must be at least 1 (got 0)")]
    [InlineData("--batch-size -2", "--batch-size must be at least 1 (got -2)")]
    [InlineData("--display-interval 0", "--display-interval must be at least 1 (got 0)")]
    [InlineData("--save-interval 0", "--save-interval must be at least 1 (got 0)")]
    [InlineData("-j 0", "--workers must be at least 1 (got 0)")]
    [InlineData("--width 8.5", "--width must be in (0, 8] (got 8.5)")]
    [InlineData("--width 0", "--width must be in (0, 8] (got 0)")]
    [InlineData("--neuron-impl fast", "--neuron-impl must be one of fused, fused-ops, unrolled (got 'fast')")]
    [InlineData("--conv-impl sparse", "--conv-impl must be one of dense, spike, auto (got 'sparse')")]
    public void A_value_out_of_its_flag_s_range_is_a_usage_error_naming_the_flag(string args, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Parse(args.Split(' '))).Message);

    [Fact]
    public void Every_flag_is_recorded_under_argparse_s_name_for_it()
    {
        var commandLine = new TrainPyCommandLine();
        var o = commandLine.Parse(["--learning-rate", "0.2", "--gate", "0.1", "0.2", "0.3", "--stand18", "-j", "3"]);
        Assert.Equal(commandLine.Flags.Count(), o.Namespace.Count);
        Assert.Equal(0.2, o.Namespace["learning_rate"]);
        Assert.Equal([0.1, 0.2, 0.3], Assert.IsType<List<object?>>(o.Namespace["gate"]));
        Assert.Equal(true, o.Namespace["stand18"]);
        Assert.Equal(false, o.Namespace["cifarnet"]);
        Assert.Equal(3, o.Namespace["workers"]);
        Assert.Equal(72, o.Namespace["batch_size"]);
        Assert.Equal("auto", o.Namespace["conv_impl"]);
        Assert.Null(o.Namespace["device"]);
    }
}
