using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.CommandLine;

/// <summary>
/// Bad input gets one clear message naming what is at fault, a non-zero exit code and no stack trace. The program
/// proves it as a process for a usage error and for failures whose point is the working folder (no log left, a
/// checkpoint folder under it); the messages themselves come from the entry point in-process, given absolute paths.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CliErrorTests
{
    private static string GoldenCifar => Path.Combine(RepoPaths.Golden, "cifar");

    private static readonly string[] EvalFlags = ["--eval", "--stand18", "--channel-wise", "--soft-mode", "--t", "2"];

    private static CliRun Eval(string work, params string[] extra) => CliRun.Start(work, [.. EvalFlags, .. extra]);

    private static CliRun EvalInProcess(params string[] extra) => CliRun.InProcess([.. EvalFlags, .. extra]);

    private static void AssertOneCleanError(CliRun run, int exitCode, params string[] mentions)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Contains("gatedlif: error:", run.Stderr);
        foreach (var m in mentions)
            Assert.Contains(m, run.Stderr);
    }

    [Fact]
    public void Unknown_flag_is_a_usage_error()
    {
        using var work = new TempFolder();
        var run = CliRun.Start(work.Path, "--eval", "--no-such-flag");
        AssertOneCleanError(run, 2, "--no-such-flag");
    }

    [Fact]
    public void A_value_that_does_not_parse_is_named_in_the_users_words_and_points_to_the_commands_help()
    {
        var run = CliRun.InProcess("--t", "abc");
        AssertOneCleanError(run, 2, "--t: 'abc' is not a whole number", "scripts/gatedlif --help");
        Assert.DoesNotContain("System.", run.Stderr);
        var dvs = CliRun.InProcess("dvs", "-T", "x");
        AssertOneCleanError(dvs, 2, "-T: 'x' is not a whole number", "scripts/gatedlif dvs --help");
    }

    /// <summary>A run that fails while setting up (here: no data) leaves no log file behind.</summary>
    [GoldenFact]
    public void Missing_dataset_folder_names_the_paths_looked_for_and_leaves_no_log()
    {
        using var work = new TempFolder();
        var missing = Path.Combine(work.Path, "nowhere");
        var run = Eval(
            work.Path,
            "--eval-resume",
            RepoPaths.Golden,
            "--modeltag",
            "r18cw",
            "--dataset-path",
            missing,
            "--no-download"
        );
        AssertOneCleanError(
            run,
            1,
            Path.Combine(missing, "cifar-10-batches-py"),
            "cifar-10-batches-bin",
            "--no-download"
        );
        Assert.False(
            Directory.Exists(Path.Combine(work.Path, "log"))
                && Directory.EnumerateFiles(Path.Combine(work.Path, "log")).Any()
        );
    }

    /// <summary>A checkpoint folder that cannot be written is named before the first epoch trains (a file stands in
    /// for the folder: the tests run as root, whom read-only permissions do not stop).</summary>
    [GoldenFact]
    public void An_unwritable_checkpoint_folder_is_named_before_training()
    {
        using var data = new TempFolder();
        TinyCifar.Write(data.Path);
        using var work = new TempFolder();
        Directory.CreateDirectory(Path.Combine(work.Path, "raw"));
        File.WriteAllText(Path.Combine(work.Path, "raw", "models"), "");
        var run = CliRun.Start(
            work.Path,
            "--stand18",
            "--channel-wise",
            "--t",
            "1",
            "--width",
            "0.125",
            "--batch-size",
            "8",
            "--epochs",
            "1",
            "--dataset-path",
            data.Path,
            "--no-download"
        );
        AssertOneCleanError(run, 1, "cannot write checkpoints to the folder", Path.Combine("raw", "models"));
        Assert.DoesNotContain("Train Epoch", run.Stdout);
        Assert.False(
            Directory.Exists(Path.Combine(work.Path, "log"))
                && Directory.EnumerateFiles(Path.Combine(work.Path, "log")).Any()
        );
    }

    [GoldenFact]
    public void No_checkpoint_matching_the_tag_is_named()
    {
        var run = EvalInProcess(
            "--eval-resume",
            RepoPaths.Golden,
            "--modeltag",
            "no-such-tag",
            "--dataset-path",
            GoldenCifar
        );
        AssertOneCleanError(run, 1, "no-such-tag", RepoPaths.Golden);
    }

    [GoldenFact]
    public void Checkpoint_of_another_architecture_lists_the_mismatched_keys_and_the_flags_it_fits()
    {
        // The golden checkpoint is ResNet-18 channel-wise; ask for ResNet-18 layer-wise instead.
        var run = CliRun.InProcess(
            "--eval",
            "--stand18",
            "--t",
            "2",
            "--eval-resume",
            RepoPaths.Golden,
            "--modeltag",
            "r18cw-CIFAR10",
            "--dataset-path",
            GoldenCifar
        );
        AssertOneCleanError(run, 1, "r18cw-CIFAR10-step2.pth.tar", "conv1.1.alpha", "lastave.1.weight");
        Assert.Contains("try --stand18 --channel-wise --t 2", run.Stderr);
    }

    [GoldenFact]
    public void Truncated_CIFAR_file_is_named()
    {
        using var work = new TempFolder();
        var folder = Path.Combine(work.Path, "data", "cifar-10-batches-py");
        Directory.CreateDirectory(folder);
        var source = File.ReadAllBytes(Path.Combine(GoldenCifar, "cifar-10-batches-py", "test_batch"));
        File.WriteAllBytes(Path.Combine(folder, "test_batch"), source[..(source.Length / 2)]);
        var run = EvalInProcess(
            "--eval-resume",
            RepoPaths.Golden,
            "--modeltag",
            "r18cw",
            "--dataset-path",
            Path.Combine(work.Path, "data"),
            "--no-download"
        );
        AssertOneCleanError(run, 1, "test_batch");
    }

    [Fact]
    public void A_missing_ImageNet_folder_is_an_error_naming_it()
    {
        using var work = new TempFolder();
        var val = Path.Combine(work.Path, "no-val");
        var run = CliRun.InProcess("--imagenet", "--MS18", "--eval", "--val-dir", val);
        AssertOneCleanError(run, 1, val);
    }
}
