namespace GatedLif.Data.Datasets;

/// <summary>One image of an <see cref="ImageFolder"/>: its full path and the index of its class folder.</summary>
public sealed record ImageFolderSample(string Path, int ClassIndex);
