using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;

namespace GatedLif.Tests.Data.Datasets.Dvs;

public sealed class FrameIntegrationTests
{
    private const int H = 4,
        W = 5;

    /// <summary>Seven events: (t, x, y, p).</summary>
    private static DvsEvents Events(params uint[] times)
    {
        int[] x = [1, 1, 2, 0, 4, 4, 3];
        int[] y = [0, 0, 3, 1, 2, 2, 3];
        int[] p = [0, 0, 1, 1, 0, 1, 0];
        return new DvsEvents(times, x, y, p);
    }

    private static double At(double[] frames, int t, int c, int y, int x) => frames[((t * 2 + c) * H + y) * W + x];

    [Fact]
    public void Split_by_number_gives_N_div_T_per_frame_and_the_rest_to_the_last()
    {
        // N = 7, T = 3: di = 2, frames take events [0, 2), [2, 4), [4, 7).
        var frames = FrameIntegration.Integrate(Events(0, 1, 2, 3, 4, 5, 6), 3, FrameSplit.Number, "hand", H, W);
        Assert.Equal(3 * 2 * H * W, frames.Length);
        Assert.Equal(2, At(frames, 0, 0, 0, 1)); // the same pixel twice is counted twice
        Assert.Equal(2, frames.Take(2 * H * W).Sum());
        Assert.Equal(1, At(frames, 1, 1, 3, 2)); // p = 1 lands in channel 1
        Assert.Equal(1, At(frames, 1, 1, 1, 0));
        Assert.Equal(0, At(frames, 1, 0, 1, 0));
        Assert.Equal(1, At(frames, 2, 0, 2, 4));
        Assert.Equal(1, At(frames, 2, 1, 2, 4));
        Assert.Equal(1, At(frames, 2, 0, 3, 3)); // the remainder event goes to the last frame
        Assert.Equal(3, frames.Skip(2 * 2 * H * W).Sum());
    }

    [Fact]
    public void Split_by_number_with_fewer_events_than_frames_puts_all_in_the_last()
    {
        var frames = FrameIntegration.Integrate(Events(0, 1, 2, 3, 4, 5, 6), 8, FrameSplit.Number, "hand", H, W);
        Assert.Equal(0, frames.Take(7 * 2 * H * W).Sum());
        Assert.Equal(7, frames.Skip(7 * 2 * H * W).Sum());
    }

    [Fact]
    public void Split_by_time_uses_equal_windows_and_the_last_runs_to_the_end()
    {
        // dt = (9 - 0) // 3 = 3: windows [0, 3), [3, 6), [6, 9) hold events 0-2, 3-4 and 5, the last frame runs to N.
        var (left, right) = FrameIntegration.Segments([0, 1, 2, 4, 5, 7, 9], 3, FrameSplit.Time, "hand");
        Assert.Equal([0, 3, 5], left);
        Assert.Equal([3, 5, 7], right);
        var frames = FrameIntegration.Integrate(Events(0, 1, 2, 4, 5, 7, 9), 3, FrameSplit.Time, "hand", H, W);
        Assert.Equal(3, frames.Take(2 * H * W).Sum());
        Assert.Equal(1, At(frames, 0, 1, 3, 2));
        Assert.Equal(2, frames.Skip(2 * H * W).Take(2 * H * W).Sum());
        Assert.Equal(2, frames.Skip(2 * 2 * H * W).Sum());
        Assert.Equal(1, At(frames, 2, 0, 3, 3));
    }

    [Fact]
    public void Split_by_time_with_an_empty_window_is_an_error_naming_the_file()
    {
        var e = Assert.Throws<DatasetException>(() =>
            FrameIntegration.Segments([0, 1, 2, 3, 4, 5, 90], 3, FrameSplit.Time, "gap.aedat")
        );
        Assert.Contains("gap.aedat", e.Message);
    }
}
