using System.Diagnostics;
using System.Globalization;
using GatedLif.Cli.Logging;
using GatedLif.Training;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>
/// cifar10dvs/train.py's lines per epoch: <c>train_acc</c> after training, <c>test_acc ... best so far</c> after
/// the test, the run's folder, and <c>epoch=…, train_loss=…, …, total_time=…, escape_time=…</c> with numbers as
/// Python prints them. Its best accuracy prints as the int 0 until a test beats it, as the reference's does.
/// </summary>
public sealed class DvsLog(ReferenceLog log, string runFolder, int epochs) : ITrainingObserver
{
    private readonly Stopwatch _epochClock = new();

    public void RunStarting(int firstEpoch) => log.Begin();

    public void ScheduleResumed(ResumedSchedule schedule)
    {
        if (schedule.Changed)
            log.Print(
                $"the learning-rate schedule changed from {Describe(schedule.Saved!)} to {Describe(schedule.Current)}: "
                    + $"epoch {schedule.NextEpoch} trains at lr {PythonFormat.ReprList(schedule.LearningRates)}"
            );
    }

    public void ScheduleEnded(int epoch) =>
        log.Warning(
            $"the learning rate is 0 at the start of epoch {epoch}: the schedule has reached its end (-T_max), so "
                + $"training changes no weights"
        );

    public void EpochStarting(EpochStart start) => _epochClock.Restart();

    public void EpochTrained(TrainedEpoch epoch) =>
        log.Print($"train_acc {PythonFormat.Repr(epoch.Accuracy)} epoch {epoch.Epoch}");

    public void EpochTested(TestedEpoch tested) =>
        log.Print(
            $"test_acc {PythonFormat.Repr(tested.Result.Accuracy)} epoch {tested.Epoch} best so far {Best(tested.Best)}"
        );

    public void EpochEnded(EndedEpoch e)
    {
        log.Print(runFolder);
        double total = _epochClock.Elapsed.TotalSeconds;
        var eta = DateTime
            .Now.AddSeconds(total * (epochs - e.Epoch))
            .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        log.Print(
            $"epoch={e.Epoch}, train_loss={PythonFormat.Repr(e.Trained.MeanLoss)}, "
                + $"train_acc={PythonFormat.Repr(e.Trained.Accuracy)}, "
                + $"test_loss={PythonFormat.Repr(e.Tested.Result.Loss)}, "
                + $"test_acc={PythonFormat.Repr(e.Tested.Result.Accuracy)}, "
                + $"max_test_acc={Best(e.Tested.Best)}, total_time={PythonFormat.Repr(total)}, escape_time={eta}"
        );
    }

    private static string Best(BestScore best) => best.Epoch is null ? "0" : PythonFormat.Repr(best.Value);

    private static string Describe(ScheduleSettings settings) =>
        settings switch
        {
            CosineSchedule c => $"CosALR with -T_max {c.TMax}",
            StepSchedule s =>
                $"StepLR with -step_size {PythonFormat.Repr(s.StepSize)} and -gamma {PythonFormat.Repr(s.Gamma)}",
            _ => settings.ToString(),
        };
}
