using System.Globalization;
using GatedLif.Checkpoints;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Hosting;
using GatedLif.Cli.Logging;
using GatedLif.Cli.Progress;
using GatedLif.Cli.Summaries;
using GatedLif.Data;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Download;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Distributed;
using GatedLif.Layers.Convolutions;
using GatedLif.Models;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Randomness;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using GatedLif.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Cli.Commands.Dvs;

/// <summary>
/// The cifar10dvs/train.py front-end on the library's <see cref="Trainer"/>: frames split by number into T frames,
/// the 90/10 per-class split, epochs 0..-epochs-1 of shuffled drop-last training (optionally on a random sorted
/// T_train subset of frames), the scheduler step, the test pass, <c>checkpoint_max.pth</c> /
/// <c>checkpoint_latest.pth</c> and the per-epoch line; <c>-resume</c> continues from a checkpoint.
/// </summary>
public static class DvsRun
{
    /// <summary>cifar10dvs/smodels.py builds every model with 10 outputs.</summary>
    public const int Classes = 10;

    public static int Train(DvsOptions o, CliConsole console)
    {
        var runFolder = RunFolder(o);
        using var log = ReferenceLog.Dvs(Path.Combine(runFolder, "train.log"), console);
        var device = Device(o, log);
        var (train, test, side) = PrepareData(o, log);
        if (train.Count < o.B)
            throw new UsageException(
                $"-b {o.B}: the training split holds only {train.Count} samples, so no full batch (the loader drops "
                    + $"the last partial one)"
            );
        var (model, streams) = BuildModel(o, side, device);
        using var _ = model;
        var groups = ParameterGroupsOf(model, o);

        var ptFolder = runFolder + "_pt";
        if (!Directory.Exists(ptFolder))
        {
            Directory.CreateDirectory(ptFolder);
            log.Print($"Mkdir {ptFolder}.");
        }
        var config = new TrainingConfiguration
        {
            FirstEpoch = 0,
            Epochs = o.Epochs,
            Optimizer = OptimizerOf(o),
            Schedule = o.LrScheduler == "CosALR" ? new CosineSchedule(o.TMax) : new StepSchedule(o.StepSize, o.Gamma),
            ScheduleStep = ScheduleStepPoint.BeforeTest,
            BestBy = BestMetric.Accuracy,
            MixedPrecision = o.Amp,
            CheckpointLayout = new DvsCheckpointLayout(),
            CheckpointPolicy = new DvsCheckpointPolicy(ptFolder),
            ResumeCandidates = o.Resume is { } resume ? [resume] : [],
            Mismatch = CheckpointArchitectureHint.LoadOptions(o.Verbose),
            Statistics = Statistics(o),
        };
        var trainTransform = o.DsrDa
            ? new DvsFrameTransform(DvsFrameTransform.DsrSize, DvsFrameTransform.DsrPadding)
            : new DvsFrameTransform(null);
        var trainSource = new DvsBatchSource(
            train,
            o.T,
            o.B,
            trainTransform,
            o.J,
            streams,
            trainFrames: TrainFrames(o)
        );
        ITrainingObserver[] observers =
        [
            new DvsScalars(runFolder),
            new DvsLog(log, runFolder, o.Epochs),
            new ProgressObserver(log),
        ];
        using var trainer = new Trainer(
            model,
            groups,
            config,
            trainSource,
            TestSource(o, test),
            device,
            SingleProcess.Instance,
            observers
        );
        if (trainer.Precision.Warning is { } warning)
            log.Warning($"-amp: {warning}");
        trainer.Run();
        return 0;
    }

    /// <summary>Ours (--eval): the test split once with the -resume checkpoint's weights.</summary>
    public static int Evaluate(DvsOptions o, CliConsole console)
    {
        using var log = ReferenceLog.Dvs(null, console);
        var device = Device(o, log);
        var (_, test, side) = PrepareData(o, log);
        using var model = BuildModel(o, side, device).Model;
        CheckpointEvaluation.Load(
            model,
            o.Resume!,
            DvsCheckpointLayout.NetKey,
            CheckpointArchitectureHint.LoadOptions(o.Verbose)
        );
        log.Begin();
        var (result, spikes) = TestPass.Run(
            model,
            TestSource(o, test).Epoch(0).Select(b => (b.Images, b.Labels)),
            device,
            chunk: null,
            SingleProcess.Instance,
            Statistics(o)
        );
        log.Print(
            string.Create(CultureInfo.InvariantCulture, $"test_loss={result.Loss:F6}, test_acc={result.Accuracy:F6}")
        );
        if (spikes is not null)
            SpikeStatisticsOutput.Report(log, spikes, RunFolder(o));
        return 0;
    }

    /// <summary>cifar10dvs/train.py's optimiser: -opt over every parameter at -lr, without weight decay.</summary>
    public static IReadOnlyList<ParameterGroup> ParameterGroupsOf(nn.Module model, DvsOptions o) =>
        [new ParameterGroup("net", model.named_parameters().Select(p => (p.name, p.parameter)).ToList(), o.Lr, 0)];

    public static OptimizerSettings OptimizerOf(DvsOptions o) =>
        new(o.Opt == "SGD" ? OptimizerKind.Sgd : OptimizerKind.Adam, o.Momentum);

    /// <summary>How many of the -T frames a training batch keeps (-T_train), or null for all of them.</summary>
    public static int? TrainFrames(DvsOptions o) => o.TTrain is > 0 and var subset && subset < o.T ? subset : null;

    /// <summary>Every network here runs its neurons over the -T frames of a test sample.</summary>
    private static TestStatistics? Statistics(DvsOptions o) => SpikeStatisticsFlags.For(o.Shared, o.T);

    /// <summary>
    /// <c>{out_dir}/{model}_{cnf}_T_{T}_T_train_{T_train}_{opt}_lr_{lr}_</c> then <c>CosALR_{T_max}</c> or
    /// <c>StepLR_{step_size}_{gamma}</c>, then <c>_amp</c>; numbers as Python prints them.
    /// </summary>
    public static string RunFolder(DvsOptions o)
    {
        var trainFrames = o.TTrain is { } t ? t.ToString(CultureInfo.InvariantCulture) : "None";
        var name = $"{o.Model}_{o.Cnf}_T_{o.T}_T_train_{trainFrames}_{o.Opt}_lr_{PythonFormat.Repr(o.Lr)}_";
        name +=
            o.LrScheduler == "CosALR"
                ? $"CosALR_{o.TMax}"
                : $"StepLR_{PythonFormat.Repr(o.StepSize)}_{PythonFormat.Repr(o.Gamma)}";
        if (o.Amp)
            name += "_amp";
        return Path.Combine(o.OutDir, name);
    }

    /// <summary>-device, or cuda:0 when a GPU is visible (the reference's default), else the CPU with a
    /// warning.</summary>
    private static Device Device(DvsOptions o, ReferenceLog log)
    {
        if (o.Device is null && !cuda.is_available())
            log.Warning(
                "no CUDA device is visible, so this runs on the CPU (the reference's -device default is cuda:0)"
            );
        return DeviceChoice.Resolve(o.Device ?? (cuda.is_available() ? "cuda:0" : "cpu"), "-device");
    }

    private static DvsBatchSource TestSource(DvsOptions o, IReadOnlyList<DvsSample> test) =>
        new(
            test,
            o.T,
            o.B,
            o.DsrDa ? new DvsFrameTransform(DvsFrameTransform.DsrSize) : new DvsFrameTransform(null),
            o.J
        );

    private static (List<DvsSample> Train, List<DvsSample> Test, int Side) PrepareData(DvsOptions o, ReferenceLog log)
    {
        Cifar10DvsDownloader.EnsureEvents(
            o.DataDir,
            o.T,
            FrameSplit.Number,
            allowDownload: !o.NoDownload,
            new ArchiveDownloadOptions { Progress = log.Console.Error }
        );
        var report = FrameCache.Prepare(o.DataDir, o.T, FrameSplit.Number, Math.Max(1, o.J));
        if (report.Built > 0)
            log.Print(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"frames: built {report.Built} files in {report.Seconds:F1} s ({report.FilesPerSecond:F2} "
                        + $"samples/s, {report.FilesPerSecond * o.T:F1} frames/s), reused {report.Reused}, in "
                        + $"{report.Folder}"
                )
            );
        else
            log.Print($"The directory [{report.Folder}] already exists.");
        var folder = DvsFrameFolder.Open(report.Folder);
        if (folder.Classes.Count > Classes)
            throw new DatasetException(
                $"'{report.Folder}' holds {folder.Classes.Count} class folders; the models have {Classes} outputs"
            );
        var (train, test) = DvsSplitCache.LoadOrCreate(o.DtsCache, folder, o.T, 0.9, log.Warning);
        if (test.Count == 0)
            throw new DatasetException(
                $"the test split of '{report.Folder}' is empty: the first ceil(0.9 n) samples of each class train, "
                    + $"so a class needs at least 2 (the reference divides by zero here)"
            );
        DvsFrameFolder.Load(folder.Samples[0], o.T, out var shape);
        int side = o.DsrDa ? DvsFrameTransform.DsrSize : (int)shape[3];
        return (train, test, side);
    }

    /// <summary>
    /// The model on <paramref name="device"/>, built as the reference's process builds it after seeding torch and
    /// NumPy with the seed (9, hard-coded there), and where the training streams start once it is built.
    /// </summary>
    public static (nn.Module<Tensor, Tensor> Model, DvsTrainingStreams Streams) BuildModel(
        DvsOptions o,
        int side,
        Device device
    )
    {
        manual_seed(o.Seed);
        var numpySeed = unchecked((uint)o.Seed);
        var model = UsageException.From(() =>
            Architectures
                .DvsNamed(o.Model!)
                .Create(ConnectFunctions.Parse(o.Cnf), o.T, side, new NumpyLegacyRandom(numpySeed))
        );
        var streams = new DvsTrainingStreams(Generator.Default.get_state(), numpySeed);
        return (NetworkSetup.Place(model, ConvolutionImplementationFlag.Parse(o.Shared.ConvImpl), device), streams);
    }
}
