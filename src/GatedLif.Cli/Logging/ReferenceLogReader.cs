using System.Globalization;
using System.Text.RegularExpressions;

namespace GatedLif.Cli.Logging;

/// <summary>
/// Reads the lines of train.py's log that scripts parse (the Train Epoch and TEST Epoch lines), from the file in
/// <c>./log/</c> or a capture of standard output; other lines are ignored.
/// </summary>
public sealed partial record ReferenceLogReader(IReadOnlyList<TrainLogPoint> Train, IReadOnlyList<TestLogPoint> Test)
{
    public static ReferenceLogReader Read(string path)
    {
        var train = new List<TrainLogPoint>();
        var test = new List<TestLogPoint>();
        foreach (var line in File.ReadLines(path))
        {
            if (TrainLine().Match(line) is { Success: true } t)
            {
                double done = Number(t, "done"),
                    total = Number(t, "total");
                // The reference's first line of an epoch divides one batch's top-1 by --display-interval, so it
                // is not an accuracy; its loss is the batch's own.
                train.Add(
                    new TrainLogPoint(
                        Number(t, "epoch") - 1 + (total > 0 ? done / total : 0),
                        Number(t, "loss"),
                        done == 0 ? null : Number(t, "top1")
                    )
                );
            }
            else if (TestLine().Match(line) is { Success: true } s)
            {
                test.Add(
                    new TestLogPoint((int)Number(s, "epoch"), Number(s, "loss"), Number(s, "top1"), Number(s, "top5"))
                );
            }
        }
        return new ReferenceLogReader(train, test);
    }

    private static double Number(Match m, string group) =>
        double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(
        @"Train Epoch: (?<epoch>-?\d+) \[(?<done>\d+)/(?<total>\d+) \([^)]*\)\]\tLoss: (?<loss>[-+\d.eE]+)\tTop-1 = "
            + @"(?<top1>[-\d.]+)"
    )]
    private static partial Regex TrainLine();

    [GeneratedRegex(
        @"TEST Epoch (?<epoch>-?\d+): loss = (?<loss>[-+\d.eE]+),\tTop-1  = (?<top1>[-\d.]+),\tTop-5  = "
            + @"(?<top5>[-\d.]+)"
    )]
    private static partial Regex TestLine();
}
