namespace GatedLif.Data.Datasets.Dvs;

/// <summary>One sample of a frame folder: its .npz file and class index.</summary>
public sealed record DvsSample(string Path, int Label);

/// <summary>
/// A frame cache read like torchvision's <c>DatasetFolder</c> (which SpikingJelly's datasets are): classes are the
/// sorted sub-folder names, samples the sorted <c>.npz</c> names within each class (ordinal order, as Python sorts).
/// </summary>
public sealed class DvsFrameFolder
{
    private DvsFrameFolder(string root, IReadOnlyList<string> classes, IReadOnlyList<DvsSample> samples)
    {
        Root = root;
        Classes = classes;
        Samples = samples;
    }

    public string Root { get; }
    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<DvsSample> Samples { get; }

    public static DvsFrameFolder Open(string root)
    {
        if (!Directory.Exists(root))
            throw new DatasetException($"frame folder '{root}' does not exist");
        var classes = Directory
            .EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var samples = new List<DvsSample>();
        for (int c = 0; c < classes.Count; c++)
        {
            var files = Directory
                .EnumerateFiles(Path.Combine(root, classes[c]), "*.npz")
                .Where(f => f.EndsWith(".npz", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            samples.AddRange(files.Select(f => new DvsSample(f, c)));
        }
        if (samples.Count == 0)
            throw new DatasetException($"frame folder '{root}' holds no .npz files in class folders");
        return new DvsFrameFolder(root, classes, samples);
    }

    /// <summary>
    /// SpikingJelly's <c>split_to_train_test_set(0.9, ...)</c> without random split: per class, in sample order,
    /// the first ceil(ratio * n) samples train and the rest test; both lists run class by class.
    /// </summary>
    public (List<DvsSample> Train, List<DvsSample> Test) Split(double trainRatio = 0.9)
    {
        var train = new List<DvsSample>();
        var test = new List<DvsSample>();
        foreach (var group in Samples.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            var members = group.ToList();
            int position = (int)Math.Ceiling(members.Count * trainRatio);
            train.AddRange(members.Take(position));
            test.AddRange(members.Skip(position));
        }
        return (train, test);
    }

    /// <summary>Reads a sample's frames, checking they are [T, 2, H, W] with the expected T.</summary>
    public static double[] Load(DvsSample sample, int frames, out long[] shape)
    {
        (shape, var data) = NpzFrames.Read(sample.Path);
        if (shape.Length != 4 || shape[0] != frames || shape[1] != 2)
            throw new DatasetException(
                $"frame file '{sample.Path}' holds frames of shape ({string.Join(", ", shape)}); "
                    + $"expected ({frames}, 2, H, W)"
            );
        return data;
    }
}
