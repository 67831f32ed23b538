namespace GatedLif.Data.Datasets.Dvs;

/// <summary>
/// SpikingJelly's <c>integrate_events_by_fixed_frames_number</c>: T frames of [2, H, W] event counts, channel p,
/// pixel (y, x), laid out [T, 2, H, W] in a flat array of doubles (SpikingJelly's frames are float64).
/// </summary>
public static class FrameIntegration
{
    public static double[] Integrate(
        DvsEvents events,
        int frames,
        FrameSplit split,
        string source,
        int height = AedatReader.Resolution,
        int width = AedatReader.Resolution
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        if (events.Count == 0)
            throw new DatasetException($"event file '{source}' holds no events");
        var (left, right) = Segments(events.T, frames, split, source);
        var result = new double[(long)frames * 2 * height * width];
        int plane = height * width;
        for (int f = 0; f < frames; f++)
        {
            long offset = (long)f * 2 * plane;
            for (int i = left[f]; i < right[f]; i++)
            {
                int channel = events.P[i] == 0 ? 0 : 1;
                result[offset + (long)channel * plane + events.Y[i] * width + events.X[i]] += 1;
            }
        }
        return result;
    }

    /// <summary>
    /// SpikingJelly's <c>cal_fixed_frames_number_segment_index</c>: frame i integrates events [left[i], right[i]).
    /// By number: di = N // T, frame i takes [i di, (i + 1) di), the last frame up to N. By time:
    /// dt = (t[N-1] - t[0]) // T; frame i spans the first to the last event with t_l &lt;= t &lt; t_l + dt,
    /// t_l = t[0] + i dt, and the last frame runs to N. An empty time window has no first event, which SpikingJelly
    /// fails on (IndexError); it is reported here naming the file.
    /// </summary>
    public static (int[] Left, int[] Right) Segments(uint[] t, int frames, FrameSplit split, string source)
    {
        int n = t.Length;
        var left = new int[frames];
        var right = new int[frames];
        if (split == FrameSplit.Number)
        {
            int di = n / frames;
            for (int i = 0; i < frames; i++)
            {
                left[i] = i * di;
                right[i] = left[i] + di;
            }
        }
        else
        {
            // uint32 arithmetic that wraps, as numpy's on the uint32 timestamps.
            uint dt = unchecked(t[n - 1] - t[0]) / (uint)frames;
            for (int i = 0; i < frames; i++)
            {
                uint tl = unchecked(dt * (uint)i + t[0]),
                    tr = unchecked(tl + dt);
                int first = -1,
                    last = -1;
                for (int k = 0; k < n; k++)
                {
                    if (t[k] < tl || t[k] >= tr)
                        continue;
                    if (first < 0)
                        first = k;
                    last = k;
                }
                if (first < 0)
                    throw new DatasetException(
                        $"event file '{source}': time window {i} of {frames} ([{tl}, {tr})) holds no events, so it "
                            + $"cannot be split by time"
                    );
                left[i] = first;
                right[i] = last + 1;
            }
        }
        right[frames - 1] = n;
        return (left, right);
    }
}
