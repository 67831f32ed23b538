namespace GatedLif.Data.Datasets;

/// <summary>
/// Where one split of a CIFAR dataset is read from. Only the chosen split's files are looked at, so an
/// evaluation machine may hold just the test file(s).
/// </summary>
internal sealed record CifarSource(CifarLayout Layout, string Folder, IReadOnlyList<string> Files)
{
    // Python first: it is what torchvision (and so the reference) reads.
    private static readonly CifarLayout[] Preference = [CifarLayout.Python, CifarLayout.Binary];

    /// <summary>
    /// Picks the first layout (python preferred) whose folder holds every file of the split.
    /// Throws one <see cref="DatasetException"/> naming all paths looked for when none does.
    /// </summary>
    public static CifarSource Locate(string datasetPath, CifarVariant variant, CifarSplit split)
    {
        if (string.IsNullOrWhiteSpace(datasetPath))
        {
            throw new DatasetException($"No dataset path given for {variant.DisplayName()}.");
        }

        string root = Path.GetFullPath(datasetPath);
        string name = variant.DisplayName();
        string splitName = split.ToString().ToLowerInvariant();
        var missingFiles = new List<string>();
        foreach (var layout in Preference)
        {
            string folder = Path.Combine(root, CifarPaths.FolderName(variant, layout));
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var files = CifarPaths.FileNames(variant, layout, split).Select(f => Path.Combine(folder, f)).ToArray();
            var missing = files.Where(f => !File.Exists(f)).ToArray();
            if (missing.Length == 0)
            {
                return new CifarSource(layout, folder, files);
            }

            missingFiles.AddRange(missing);
        }

        if (missingFiles.Count > 0)
        {
            throw new DatasetException(
                $"{name} {splitName} split is incomplete: missing "
                    + $"{string.Join(", ", missingFiles.Select(f => $"'{f}'"))}."
            );
        }

        throw new DatasetException(NotFoundMessage(root, variant));
    }

    private static string NotFoundMessage(string root, CifarVariant variant)
    {
        string python = Path.Combine(root, CifarPaths.FolderName(variant, CifarLayout.Python));
        string binary = Path.Combine(root, CifarPaths.FolderName(variant, CifarLayout.Binary));
        string message =
            $"{variant.DisplayName()} not found: looked for '{python}' (python layout) and '{binary}' (binary layout)";
        if (!Directory.Exists(root))
        {
            return $"{message}; the dataset path '{root}' does not exist.";
        }

        // A common slip is pointing at the extracted folder itself rather than the folder containing it.
        string given = Path.GetFileName(Path.TrimEndingDirectorySeparator(root));
        bool isLayoutFolder = Enum.GetValues<CifarLayout>().Any(l => CifarPaths.FolderName(variant, l) == given);
        return isLayoutFolder
            ? $"{message}; '{root}' is itself a {variant.DisplayName()} folder, so pass its parent folder as the "
                + $"dataset path."
            : $"{message} under the dataset path '{root}'.";
    }
}
