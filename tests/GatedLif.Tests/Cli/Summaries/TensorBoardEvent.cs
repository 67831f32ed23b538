namespace GatedLif.Tests.Cli.Summaries;

/// <summary>The fields of a TensorBoard <c>Event</c> that our files use (tensorflow/core/util/event.proto).</summary>
internal sealed record TensorBoardEvent(
    double WallTime,
    long Step,
    string? FileVersion,
    IReadOnlyList<SummaryValue> Values
);

/// <summary>One <c>Summary.Value</c>: a tag with a simple value or a histogram.</summary>
internal sealed record SummaryValue(string Tag, float? SimpleValue, Histogram? Histogram);

/// <summary><c>HistogramProto</c>.</summary>
internal sealed record Histogram(
    double Min,
    double Max,
    double Num,
    double Sum,
    double SumSquares,
    IReadOnlyList<double> BucketLimits,
    IReadOnlyList<double> Buckets
);
