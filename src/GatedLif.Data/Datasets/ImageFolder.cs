namespace GatedLif.Data.Datasets;

/// <summary>
/// torchvision's <c>ImageFolder</c> index: one sub-folder per class, classes in sorted order, and in each class every
/// file (also in nested folders, walked in sorted order) whose name ends with one of the extensions torchvision
/// accepts, in any case. Only paths are held; images are decoded when a batch needs them.
/// </summary>
public sealed class ImageFolder
{
    /// <summary>torchvision's <c>IMG_EXTENSIONS</c>.</summary>
    public static readonly IReadOnlyList<string> Extensions =
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".ppm",
        ".bmp",
        ".pgm",
        ".tif",
        ".tiff",
        ".webp",
    ];

    private ImageFolder(string root, IReadOnlyList<string> classes, IReadOnlyList<ImageFolderSample> samples)
    {
        Root = root;
        Classes = classes;
        Samples = samples;
    }

    public string Root { get; }

    /// <summary>Class folder names; a sample's class index points into this list.</summary>
    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyList<ImageFolderSample> Samples { get; }

    public int Count => Samples.Count;

    public static bool IsImageFile(string fileName) =>
        Extensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="DatasetException">The folder is missing, has no class folders, or a class has no
    /// image.</exception>
    public static ImageFolder Open(string root)
    {
        if (!Directory.Exists(root))
            throw new DatasetException($"image folder '{root}' does not exist (expected one sub-folder per class)");
        // Python's sorted() orders by code point, as ordinal comparison does.
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
            throw new DatasetException(
                $"image folder '{root}' has no class folders (expected one sub-folder per class)"
            );

        var samples = new List<ImageFolderSample>();
        var empty = new List<string>();
        for (int c = 0; c < classes.Count; c++)
        {
            int before = samples.Count;
            foreach (var file in ImagesUnder(Path.Combine(root, classes[c]!)))
                samples.Add(new ImageFolderSample(file, c));
            if (samples.Count == before)
                empty.Add(classes[c]!);
        }
        if (empty.Count > 0)
            throw new DatasetException(
                $"image folder '{root}': no image file ({string.Join(" ", Extensions)}) in class folder(s) "
                    + $"{string.Join(", ", empty.Select(e => $"'{e}'"))}"
            );
        return new ImageFolder(root, classes!, samples);
    }

    // torchvision walks sorted(os.walk(class folder, followlinks=True)): folders by full path, files sorted in each.
    private static IEnumerable<string> ImagesUnder(string classFolder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
        };
        var folders = Directory
            .EnumerateDirectories(classFolder, "*", options)
            .Prepend(classFolder)
            .Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var files = Directory
                .EnumerateFiles(folder)
                .Select(Path.GetFileName)
                .Where(n => IsImageFile(n!))
                .Order(StringComparer.Ordinal);
            foreach (var name in files)
                yield return Path.Combine(folder, name!);
        }
    }
}
