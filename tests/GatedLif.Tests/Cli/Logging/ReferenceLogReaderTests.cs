using GatedLif.Cli.Logging;
using GatedLif.Tests.TestSupport;

namespace GatedLif.Tests.Cli.Logging;

public sealed class ReferenceLogReaderTests
{
    [Fact]
    public void Train_and_test_lines_are_read_from_the_log_file_or_captured_output()
    {
        using var work = new TempFolder();
        var path = work.File("train-2611.log");
        File.WriteAllLines(
            path,
            [
                "load data successfully",
                "[2026-11-26 22:13:01,100] Train Epoch: 1 [0/320 (0%)]\tLoss: 2.302408\tTop-1 = 0.043750\tTop-5 = "
                    + "0.125000\tTime = 2.0",
                "[26 10:13:05] Train Epoch: 1 [160/320 (50%)]\tLoss: 1.500000\tTop-1 = 0.400000\tTop-5 = "
                    + "0.900000\tTime = 9.0",
                "[26 10:13:46] TEST Epoch 1: loss = 1.250000,\tTop-1  = 0.550000,\tTop-5  = 0.950000,"
                    + "\tval_time = 70.178431",
                "",
                "and lr now is [0.1, 0.1]",
            ]
        );

        var log = ReferenceLogReader.Read(path);

        Assert.Equal([new TrainLogPoint(0, 2.302408, null), new TrainLogPoint(0.5, 1.5, 0.4)], log.Train);
        Assert.Equal([new TestLogPoint(1, 1.25, 0.55, 0.95)], log.Test);
    }
}
