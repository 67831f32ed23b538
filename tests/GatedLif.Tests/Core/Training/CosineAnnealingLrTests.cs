using GatedLif.Tests.TestSupport;
using GatedLif.Training;

namespace GatedLif.Tests.Core.Training;

[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class CosineAnnealingLrTests
{
    [Fact]
    public void Rates_follow_the_closed_form_at_every_epoch()
    {
        var schedule = new CosineAnnealingLr([0.1, 0.01], [200, 200]);
        for (int epoch = 1; epoch <= 200; epoch++)
        {
            schedule.Step();
            Assert.Equal(epoch, schedule.LastEpoch);
            for (int g = 0; g < 2; g++)
            {
                double expected = schedule.BaseRates[g] * (1 + Math.Cos(Math.PI * epoch / 200)) / 2;
                Assert.True(
                    Math.Abs(expected - schedule.Rates[g]) <= 1e-12,
                    $"epoch {epoch}, group {g}: {schedule.Rates[g]} vs {expected}"
                );
            }
        }
        Assert.Equal(0.0, schedule.Rates[0], 15);
    }

    [Fact]
    public void Known_values_match_PyTorch()
    {
        // torch.optim.lr_scheduler.CosineAnnealingLR(SGD(lr=0.1), T_max=10), get_last_lr() after 1, 5 and 9 steps.
        var schedule = new CosineAnnealingLr([0.1], [10]);
        var seen = new List<double>();
        for (int i = 1; i <= 9; i++)
        {
            schedule.Step();
            seen.Add(schedule.Rates[0]);
        }
        Assert.Equal(0.09755282581475769, seen[0]);
        Assert.Equal(0.05000000000000001, seen[4]);
        Assert.Equal(0.002447174185242324, seen[8]);
    }

    [Fact]
    public void A_schedule_created_at_an_epoch_continues_the_sequence_of_one_never_stopped()
    {
        var straight = new CosineAnnealingLr([0.1, 0.01], [7, 7]);
        for (int i = 0; i < 3; i++)
            straight.Step();
        var resumed = new CosineSchedule(7).CreateAt([0.1, 0.01], 3);
        Assert.Equal(straight.LastEpoch, resumed.LastEpoch);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(straight.Rates, resumed.Rates);
            straight.Step();
            resumed.Step();
        }
    }
}
