using System.IO.Compression;
using GatedLif.Checkpoints;
using GatedLif.Cli.Summaries;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Download;
using GatedLif.Statistics;
using GatedLif.Tests.Core.Statistics;
using GatedLif.Tests.Data.Datasets;
using GatedLif.Tests.Data.Datasets.Dvs;
using GatedLif.Tests.Data.Datasets.FashionMnist;
using GatedLif.Tests.Data.Download;
using GatedLif.Tests.TestSupport;
using static TorchSharp.torch;

namespace GatedLif.Tests.Fuzzing;

/// <summary>
/// Every format the program reads from files it did not write itself, each read through the call the command line
/// makes: <c>inspect</c>, <c>--eval-resume</c> and <c>dvs -resume</c> read checkpoints with
/// <see cref="TorchCheckpointReader"/>, data set loading opens CIFAR with <see cref="CifarDataset.Open"/>, and so on.
/// </summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All =>
        [
            Checkpoint("torch.save checkpoint, train.py layout ('state_dict')", TrainScriptCheckpoints),
            Checkpoint("torch.save checkpoint, cifar10dvs layout ('net')", DvsScriptCheckpoints),
            CifarPython,
            CifarBinary,
            CifarArchive,
            DvsArchive,
            Npz,
            Aedat,
            SplitCache,
            GlifRecords,
            SpikeStatisticsRecorder,
            Image("JPEG image", ".jpg"),
            Image("PNG image", ".png"),
            Idx,
        ];

    private static string Input(string folder, string extension) =>
        Path.Combine(folder, FuzzTarget.InputName + extension);

    private static byte[] Either(byte[] seed, Random random, double structured, Func<byte[], Random, byte[]> mutate) =>
        random.NextDouble() < structured ? mutate(seed, random) : ByteMutations.Mutate(seed, random);

    private static FuzzTarget Checkpoint(string name, Func<IReadOnlyList<byte[]>> seeds) =>
        new(
            name,
            seeds,
            (seed, random) =>
                Either(seed, random, 0.8, (zip, r) =>
                    StructuredMutations.Zip(
                        zip,
                        r,
                        (entry, r2) => Either(entry, r2, 0.3, StructuredMutations.PickleNesting),
                        CompressionLevel.NoCompression
                    )
                ),
            (input, folder) =>
            {
                string path = Input(folder, ".pth.tar");
                File.WriteAllBytes(path, input);
                using var checkpoint = TorchCheckpointReader.Read(path, TorchCheckpointReader.AnyScriptModelKeys);
            },
            e => e is CheckpointException
        );

    private static IReadOnlyList<byte[]> TrainScriptCheckpoints()
    {
        using var folder = new TempFolder();
        string path = folder.File("seed.pth.tar");
        using var weight = randn(4, 3, 3, 3);
        using var bias = zeros(4);
        using var momentum = ones(4);
        using var tracked = tensor(7L);
        using var transposed = randn(3, 5).t();
        var stateDict = new OrderedDictionary<string, object?>
        {
            ["conv.weight"] = weight,
            ["conv.bias"] = bias,
            ["bn.num_batches_tracked"] = tracked,
            ["fc.weight"] = transposed,
        };
        var optimizer = new Dictionary<string, object?>
        {
            ["state"] = new Dictionary<int, object?>
            {
                [0] = new Dictionary<string, object?> { ["momentum_buffer"] = momentum },
            },
            ["param_groups"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["lr"] = 0.1,
                    ["params"] = new List<object?> { 0, 1 },
                },
            },
        };
        TorchCheckpointWriter.Write(
            path,
            new Dictionary<string, object?>
            {
                ["state_dict"] = stateDict,
                ["epoch"] = 3,
                ["best_acc"] = 0.5,
                ["optimizer"] = optimizer,
                ["arch"] = "resnet18",
            }
        );
        return [File.ReadAllBytes(path)];
    }

    /// <summary>Ours, and one PyTorch itself wrote (the PLIF reference fixture).</summary>
    private static IReadOnlyList<byte[]> DvsScriptCheckpoints()
    {
        using var folder = new TempFolder();
        string path = folder.File("seed.pth");
        using var weight = randn(2, 2, 3, 3);
        using var plif = tensor(0.25f);
        TorchCheckpointWriter.Write(
            path,
            new Dictionary<string, object?>
            {
                ["net"] = new OrderedDictionary<string, object?> { ["conv.weight"] = weight, ["plif.w"] = plif },
                ["epoch"] = 3,
                ["max_test_acc"] = 0.25,
            }
        );
        return [File.ReadAllBytes(path), File.ReadAllBytes(RepoPaths.Fixture("plif_resnetn_reference.pth"))];
    }

    private static FuzzTarget CifarPython =>
        new(
            "CIFAR python batch (pickle)",
            () =>
            {
                using var folder = new TempFolder();
                var written = CifarPythonWriter.Write(
                    folder.Path,
                    "test_batch",
                    CifarFixtures.Images(4),
                    [1, 2, 3, 4],
                    CifarVariant.Cifar10
                );
                return
                [
                    File.ReadAllBytes(written),
                    PickleBuilder.CifarBatch(CifarFixtures.Images(2), [2, 3072], [5, 6]),
                ];
            },
            (seed, random) => Either(seed, random, 0.3, StructuredMutations.PickleNesting),
            (input, folder) => ReadCifar(input, folder, CifarLayout.Python),
            e => e is DatasetException,
            "test_batch"
        );

    private static FuzzTarget CifarBinary =>
        new(
            "CIFAR binary batch",
            () =>
            {
                using var folder = new TempFolder();
                return
                [
                    File.ReadAllBytes(
                        CifarFixtures.WriteBinary(folder.File("test_batch.bin"), CifarFixtures.Images(3), [0, 9, 4])
                    ),
                ];
            },
            ByteMutations.Mutate,
            (input, folder) => ReadCifar(input, folder, CifarLayout.Binary),
            e => e is DatasetException,
            "test_batch"
        );

    private static void ReadCifar(byte[] input, string folder, CifarLayout layout)
    {
        string file = CifarPaths.FileNames(CifarVariant.Cifar10, layout, CifarSplit.Test)[0];
        string path = Path.Combine(folder, CifarPaths.FolderName(CifarVariant.Cifar10, layout), file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, input);
        CifarDataset.Open(folder, CifarVariant.Cifar10, CifarSplit.Test);
    }

    /// <summary>Served with its own MD5, as a mirror that serves a hostile archive would; a refused one leaves the data
    /// set path as it was (absent).</summary>
    private static FuzzTarget CifarArchive =>
        new(
            "CIFAR-10 tar.gz archive",
            () => [CifarArchiveFixture.TarGz(CifarVariant.Cifar10, CifarArchiveFixture.Entries(CifarVariant.Cifar10))],
            (seed, random) =>
                Either(seed, random, 0.8, (gzip, r) => StructuredMutations.Gzip(gzip, r, ByteMutations.Mutate)),
            (input, folder) =>
            {
                string datasetPath = Path.Combine(folder, FuzzTarget.InputName + "-data");
                using var server = new LoopbackHttpServer(HttpReply.Ok(input));
                var options = new CifarDownloadOptions
                {
                    BaseUrl = server.BaseUrl,
                    ConnectTimeout = TimeSpan.FromSeconds(30),
                    StallTimeout = TimeSpan.FromSeconds(30),
                };
                try
                {
                    CifarDownloader.EnsurePresent(
                        datasetPath,
                        CifarArchiveFixture.Describing(CifarVariant.Cifar10, input),
                        true,
                        options
                    );
                }
                catch (DatasetException)
                {
                    if (Directory.GetFileSystemEntries(folder).Length > 0)
                        throw new FuzzViolation(
                            $"a refused archive left {string.Join(", ", FolderSnapshot.Of(folder))}"
                        );
                    throw;
                }
            },
            e => e is DatasetException,
            "cifar-10-python.tar.gz"
        );

    /// <summary>A class archive in <c>download/</c> with its own MD5 (its name says the class, so it is not renamed);
    /// a refused one leaves the data folder as it was.</summary>
    private static FuzzTarget DvsArchive =>
        new(
            "CIFAR10-DVS class zip",
            () => [DvsArchiveFixture.Zip("airplane", 7)],
            (seed, random) =>
                Either(seed, random, 0.8, (zip, r) =>
                    StructuredMutations.Zip(zip, r, ByteMutations.Mutate, CompressionLevel.Optimal)
                ),
            (input, folder) =>
            {
                string dataDir = Path.Combine(folder, "CIFAR10DVS");
                string archive = Path.Combine(dataDir, Cifar10DvsDownloader.DownloadFolderName, "airplane.zip");
                Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
                File.WriteAllBytes(archive, input);
                var before = FolderSnapshot.Of(dataDir);
                var archives = DvsArchiveFixture.Describing(
                    new Dictionary<string, byte[]> { [Path.GetFileName(archive)] = input }
                );
                var options = new ArchiveDownloadOptions
                {
                    ConnectTimeout = TimeSpan.FromSeconds(1),
                    StallTimeout = TimeSpan.FromSeconds(1),
                };
                try
                {
                    Cifar10DvsDownloader.EnsureEvents(
                        dataDir,
                        4,
                        FrameSplit.Number,
                        allowDownload: false,
                        options,
                        archives
                    );
                }
                catch (DatasetException)
                {
                    if (!FolderSnapshot.Of(dataDir).SequenceEqual(before))
                        throw new FuzzViolation(
                            $"a refused archive changed the data folder to "
                                + $"{string.Join(", ", FolderSnapshot.Of(dataDir))}"
                        );
                    throw;
                }
            },
            e => e is DatasetException,
            "airplane.zip"
        );

    private static FuzzTarget Npz =>
        new(
            "SpikingJelly npz frames",
            () =>
            {
                using var folder = new TempFolder();
                string path = folder.File("seed.npz");
                NpzFrames.Write(
                    path,
                    Enumerable.Range(0, 4 * 2 * 6 * 6).Select(i => (double)(i % 5)).ToArray(),
                    [4, 2, 6, 6]
                );
                return [File.ReadAllBytes(path)];
            },
            (seed, random) =>
                Either(seed, random, 0.8, (zip, r) =>
                    StructuredMutations.Zip(zip, r, ByteMutations.Mutate, CompressionLevel.Optimal)
                ),
            (input, folder) =>
            {
                string path = Input(folder, ".npz");
                File.WriteAllBytes(path, input);
                NpzFrames.Read(path);
            },
            e => e is DatasetException
        );

    private static FuzzTarget Aedat =>
        new(
            "AEDAT event recording",
            () => [AedatFixture.Bytes(AedatFixture.RandomEvents(new Random(3)))],
            ByteMutations.Mutate,
            (input, folder) =>
            {
                string path = Input(folder, ".aedat");
                File.WriteAllBytes(path, input);
                AedatReader.Read(path);
            },
            e => e is DatasetException
        );

    /// <summary>An unreadable cache is remade with a warning, never an error; afterwards the file on disk is whole and
    /// reused.</summary>
    private static FuzzTarget SplitCache =>
        new(
            "DVS split cache (split_T_16.json)",
            () =>
            {
                using var folder = new TempFolder();
                var (frames, cache) = SplitFolders(folder.Path);
                DvsSplitCache.LoadOrCreate(cache, DvsFrameFolder.Open(frames), 16);
                return [File.ReadAllBytes(Path.Combine(cache, DvsSplitCache.FileName(16)))];
            },
            (seed, random) => Either(seed, random, 0.4, StructuredMutations.Json),
            (input, folder) =>
            {
                var (frames, cache) = SplitFolders(folder);
                File.WriteAllBytes(Path.Combine(cache, DvsSplitCache.FileName(16)), input);
                DvsSplitCache.LoadOrCreate(cache, DvsFrameFolder.Open(frames), 16);
                var warnings = new List<string>();
                DvsSplitCache.LoadOrCreate(cache, DvsFrameFolder.Open(frames), 16, warn: warnings.Add);
                if (warnings.Count > 0)
                    throw new FuzzViolation($"the split cache written after a bad one is not reused: {warnings[0]}");
            },
            e => e is DatasetException
        );

    private static (string Frames, string Cache) SplitFolders(string root)
    {
        string frames = Path.Combine(root, "frames");
        foreach (var c in new[] { "airplane", "truck" })
        {
            Directory.CreateDirectory(Path.Combine(frames, c));
            foreach (var k in Enumerable.Range(0, 5))
                File.WriteAllBytes(Path.Combine(frames, c, $"cifar10_{c}_{k}.npz"), []);
        }
        string cache = Path.Combine(root, FuzzTarget.InputName + "-cache");
        Directory.CreateDirectory(cache);
        return (frames, cache);
    }

    private static FuzzTarget GlifRecords =>
        JsonRecord(
            "GLIF parameter records (glif-params.json)",
            GlifParameterRecordsFile.FileName,
            path => GlifParameterRecordsFile.Write(path, SampleGlifRecords.ResNet18()),
            path => GlifParameterRecordsFile.Read(path)
        );

    private static FuzzTarget SpikeStatisticsRecorder =>
        JsonRecord(
            "spike statistics (spike-stats.json)",
            SpikeStatisticsFile.FileName,
            path => SpikeStatisticsFile.Write(path, HandCountedNet.CountedReport()),
            path => SpikeStatisticsFile.Read(path)
        );

    /// <summary>A record kept as JSON: seeded from one that <paramref name="write"/> makes, refused as invalid
    /// data.</summary>
    private static FuzzTarget JsonRecord(string name, string fileName, Action<string> write, Action<string> read) =>
        new(
            name,
            () =>
            {
                using var folder = new TempFolder();
                string path = folder.File(fileName);
                write(path);
                return [File.ReadAllBytes(path)];
            },
            (seed, random) => Either(seed, random, 0.4, StructuredMutations.Json),
            (input, folder) =>
            {
                string path = Input(folder, ".json");
                File.WriteAllBytes(path, input);
                read(path);
            },
            e => e is InvalidDataException
        );

    private static FuzzTarget Image(string name, string extension) =>
        new(
            name,
            () =>
            {
                using var folder = new TempFolder();
                string path = folder.File("seed" + extension);
                TestImages.Write(path, 24, 16, seed: 5);
                return [File.ReadAllBytes(path)];
            },
            ByteMutations.Mutate,
            (input, folder) =>
            {
                string path = Input(folder, extension);
                File.WriteAllBytes(path, input);
                RgbImageDecoder.Load(path);
            },
            e => e is DatasetException
        );

    private static FuzzTarget Idx =>
        new(
            "Fashion-MNIST IDX images",
            () =>
            {
                using var folder = new TempFolder();
                var header = FashionMnistFixtures.Header(FashionMnistFixtures.ImagesMagic, 3, 28, 28);
                var images = FashionMnistFixtures.Images(3);
                return
                [
                    File.ReadAllBytes(
                        FashionMnistFixtures.WriteIdx(folder.File("seed.gz"), header, images, gzip: true)
                    ),
                    File.ReadAllBytes(FashionMnistFixtures.WriteIdx(folder.File("seed"), header, images, gzip: false)),
                ];
            },
            (seed, random) =>
                Either(seed, random, seed[0] == 0x1F ? 0.7 : 0, (gzip, r) =>
                    StructuredMutations.Gzip(gzip, r, ByteMutations.Mutate)
                ),
            (input, folder) =>
            {
                string path = Input(folder, "-images-idx3-ubyte");
                File.WriteAllBytes(path, input);
                IdxFile.Read(path, 3);
            },
            e => e is DatasetException
        );
}
