using System.Globalization;
using System.Text.RegularExpressions;
using GatedLif.Checkpoints;
using GatedLif.Tests.Summaries;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Dvs;

/// <summary>The <c>dvs</c> command end to end on a tiny data set of event files the test writes.</summary>
public sealed class DvsCommandTests
{
    [Fact]
    public void Builds_the_frame_cache_trains_one_epoch_and_evaluates_the_checkpoint()
    {
        using var temp = new TempFolder();
        var data = Path.Combine(temp.Path, "CIFAR10DVS");
        AedatFixture.WriteDataSet(data, ["bird", "airplane"], 11, seed: 5);

        var run = CliRun.Start(temp.Path, "dvs", "-model", "SEWResNet_GLIF_dsr", "-cnf", "ADD", "--dsr_da", "-T", "2",
            "-b", "4", "-epochs", "1", "-j", "2", "-data_dir", data, "-out_dir", "logs", "-device", "cpu", "-lr", "0.01", "-amp");
        Assert.True(run.ExitCode == 0, run.ToString());

        var cache = Path.Combine(data, "frames_number_2_split_by_number");
        Assert.Equal(11, Directory.GetFiles(Path.Combine(cache, "airplane"), "*.npz").Length);
        Assert.True(File.Exists(Path.Combine(cache, "bird", "cifar10_bird_10.npz")));
        Assert.Contains("epoch=0, train_loss=", run.Stdout);
        Assert.Contains("max_test_acc=", run.Stdout);
        // -amp on the CPU: torch.cuda.amp's warning, float32 training, and the reference's "_amp" folder name.
        Assert.Contains("-amp: CUDA is not in use", run.Stdout);

        // The reference's SummaryWriter(out_dir/logs): train_loss, train_acc, test_loss, test_acc at step = epoch.
        var events = EventFileReader.Read(Assert.Single(Directory.GetFiles(
            Path.Combine(temp.Path, "logs", "SEWResNet_GLIF_dsr_ADD_T_2_T_train_None_SGD_lr_0.01_CosALR_64_amp", "logs"), "events.out.tfevents.*")));
        var scalars = events.SelectMany(e => e.Values.Select(v => (e.Step, v.Tag, v.SimpleValue))).ToList();
        var testLoss = double.Parse(Regex.Match(run.Stdout, @"test_loss=([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(testLoss, Assert.Single(scalars, s => s.Tag == "test_loss" && s.Step == 0).SimpleValue!.Value, 5);
        Assert.Equal(["test_acc", "test_loss", "train_acc", "train_loss"], scalars.Select(s => s.Tag).Order());

        var pt = Path.Combine(temp.Path, "logs", "SEWResNet_GLIF_dsr_ADD_T_2_T_train_None_SGD_lr_0.01_CosALR_64_amp_pt");
        var latest = Path.Combine(pt, "checkpoint_latest.pth");
        using (var checkpoint = TorchCheckpointReader.Read(latest, "net"))
        {
            Assert.Equal(0, Convert.ToInt32(checkpoint.Extra["epoch"]));
            Assert.Contains("optimizer", checkpoint.Extra.Keys);
            Assert.Contains("lr_scheduler", checkpoint.Extra.Keys);
            Assert.Contains("max_test_acc", checkpoint.Extra.Keys);
            Assert.Equal(TorchSharp.torch.ScalarType.Float64, checkpoint.StateDict["conv.0.1.alpha"].dtype);
        }

        var eval = CliRun.Start(temp.Path, "dvs", "-model", "SEWResNet_GLIF_dsr", "-cnf", "ADD", "--dsr_da", "-T", "2",
            "-b", "4", "-data_dir", data, "-device", "cpu", "--eval", "-resume", latest);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Matches(@"test_loss=\d+\.\d{6}, test_acc=\d\.\d{6}", eval.Stdout);
        Assert.Contains("already exists", eval.Stdout);
    }

    [Theory]
    [InlineData(2, "-model is required", "-cnf", "ADD")]
    [InlineData(2, "needs --dsr_da", "-model", "SEWResNet_GLIF_dsr", "-cnf", "ADD")]
    [InlineData(2, "-cnf XOR", "-model", "SEWResNet_vanillaLIF", "-cnf", "XOR")]
    [InlineData(1, "not implemented yet", "-model", "SEWResNet", "-cnf", "ADD")]
    [InlineData(1, "does not exist", "-model", "SEWResNet_vanillaLIF", "-cnf", "ADD", "-data_dir", "no-such-folder", "-device", "cpu")]
    public void Bad_command_lines_fail_with_one_clear_message(int exitCode, string message, params string[] args)
    {
        using var temp = new TempFolder();
        var run = CliRun.Start(temp.Path, ["dvs", .. args]);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(message, run.Stderr);
    }
}
