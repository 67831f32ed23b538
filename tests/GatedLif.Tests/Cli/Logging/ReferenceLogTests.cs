using GatedLif.Cli.Hosting;
using GatedLif.Cli.Logging;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Logging;

/// <summary>
/// A run's log prints to the console it is given, in train.py's two formats (the console's and the file's), and a
/// begun log is the active one only on its own flow of control, so runs side by side in one process keep apart.
/// </summary>
public sealed class ReferenceLogTests
{
    private static CliConsole Captured(out StringWriter output)
    {
        output = new StringWriter();
        return new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(new StringWriter()));
    }

    [Fact]
    public void Info_lines_go_to_the_given_console_and_once_begun_to_the_file_in_pythons_formats()
    {
        using var work = new TempFolder();
        var folder = Path.Combine(work.Path, "log");
        string file;
        using (var log = ReferenceLog.TrainPy(0, Captured(out var output), folder))
        {
            file = log.FilePath!;
            log.Info("before the run");
            Assert.False(File.Exists(file));
            log.Begin();
            log.Info("TEST Epoch 1: loss = 1.250000");
            log.Print("and lr now is [0.1, 0.1]");
            Assert.Matches(
                @"^\[\d\d \d\d:\d\d:\d\d\] before the run\n\[\d\d \d\d:\d\d:\d\d\] TEST Epoch 1: loss = "
                    + @"1\.250000\nand lr now is \[0\.1, 0\.1\]\n$",
                output.ToString().Replace("\r", "")
            );
        }
        // train.py's file holds its logging.info lines only, with Python's default date format.
        Assert.Matches(
            @"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] TEST Epoch 1: loss = 1\.250000\n$",
            File.ReadAllText(file).Replace("\r", "")
        );
    }

    [Fact]
    public void A_quiet_rank_prints_nothing()
    {
        using var log = ReferenceLog.TrainPy(1, Captured(out var output));
        log.Info("rank 1");
        log.Print("rank 1");
        log.Warning("rank 1");
        Assert.Equal("", output.ToString());
        Assert.Null(log.FilePath);
    }

    [Fact]
    public async Task Each_flow_sees_the_log_it_began_as_active()
    {
        using var work = new TempFolder();
        using var bothBegun = new Barrier(2);
        Task<bool> Run(string name) =>
            Task.Factory.StartNew(
                () =>
                {
                    using var log = ReferenceLog.Dvs(Path.Combine(work.Path, name, "train.log"), Captured(out _));
                    log.Begin();
                    Assert.True(bothBegun.SignalAndWait(TimeSpan.FromMinutes(1)), "the other run did not begin");
                    return ReferenceLog.Active == log;
                },
                TaskCreationOptions.LongRunning
            );

        var runs = new[] { Run("first"), Run("second") };
        var active = await Task.WhenAll(runs);
        Assert.Equal([true, true], active);
        Assert.Null(ReferenceLog.Active);
    }
}
