namespace GatedLif.Data.Datasets.Dvs;

/// <summary>How an event stream is cut into a fixed number of frames (SpikingJelly's <c>split_by</c>).</summary>
public enum FrameSplit
{
    /// <summary>Equal event counts, N // T per frame; the last frame takes the rest.</summary>
    Number,

    /// <summary>Equal time spans of (t_last - t_first) // T; the last frame runs to the end.</summary>
    Time,
}
