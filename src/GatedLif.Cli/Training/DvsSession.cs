using System.Diagnostics;
using System.Globalization;
using GatedLif.Checkpoints;
using GatedLif.Cli.Commands;
using GatedLif.Cli.Progress;
using GatedLif.Cli.Summaries;
using GatedLif.Data;
using GatedLif.Data.Datasets;
using GatedLif.Data.Datasets.Dvs;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Models.Blocks;
using GatedLif.Models.Networks;
using GatedLif.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Training;

/// <summary>
/// cifar10dvs/train.py's run: frames split by number into T frames, the 90/10 per-class split, epochs
/// -epochs of shuffled drop-last training (optionally on a random sorted T_train subset of frames), the scheduler
/// step, the test pass, <c>checkpoint_max.pth</c> / <c>checkpoint_latest.pth</c> and the per-epoch line.
/// </summary>
public sealed class DvsSession(DvsOptions o, Device device)
{
    /// <summary>cifar10dvs/smodels.py builds every model with 10 outputs.</summary>
    private const int Classes = 10;

    /// <summary>Trains from epoch 0 (or the one after the -resume checkpoint) to -epochs - 1.</summary>
    public int Train()
    {
        var (train, test, side) = PrepareData();
        if (train.Count < o.B)
            throw new UsageException($"-b {o.B}: the training split holds only {train.Count} samples, so no full batch (the loader drops the last partial one)");
        using var model = BuildModel(side);
        var group = new ParameterGroup("net", model.named_parameters().Select(p => (p.name, p.parameter)).ToList(), o.Lr, 0);
        using var optimizer = o.Opt == "SGD"
            ? (optim.Optimizer)ParameterGroups.Sgd([group], o.Momentum)
            : optim.Adam(group.Parameters.Select(p => p.Parameter), o.Lr);
        IEpochSchedule schedule = o.LrScheduler == "CosALR"
            ? new CosineAnnealingSchedule([o.Lr], [o.TMax])
            : new StepLrSchedule([o.Lr], o.StepSize, o.Gamma);

        int startEpoch = 0;
        var best = MaxAccuracy.Initial;
        if (o.Resume is { } resume)
        {
            using var checkpoint = TorchCheckpointReader.Read(resume, DvsCheckpoint.NetKey);
            StateDictLoader.Load(model, checkpoint.StateDict, resume);
            var (epoch, maxAcc) = DvsCheckpoint.Restore(checkpoint, optimizer, group, schedule);
            startEpoch = epoch + 1;
            best = new MaxAccuracy(maxAcc, checkpoint.Extra["max_test_acc"] is double);
        }

        var outDir = OutDirName();
        var ptDir = outDir + "_pt";
        if (!Directory.Exists(ptDir))
        {
            Directory.CreateDirectory(ptDir);
            Console.WriteLine($"Mkdir {ptDir}.");
        }

        // -amp as the speed issue built it for train.py: float16 autocast and a GradScaler on CUDA, float32 elsewhere.
        var precision = MixedPrecision.For(o.Amp, device);
        if (precision.Warning is not null) Console.WriteLine(precision.Warning.Replace("--amp", "-amp"));
        // The reference's SummaryWriter(os.path.join(out_dir, 'logs')) and its four scalars per epoch.
        var summaries = new TensorBoardSummaries(Path.Combine(outDir, "logs"));
        var trainTransform = o.DsrDa ? new DvsFrameTransform(DvsFrameTransform.DsrSize, DvsFrameTransform.DsrPadding) : new DvsFrameTransform(null);
        for (int epoch = startEpoch; epoch < o.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var seed = SampleRandom.EpochSeed(o.Seed, epoch);
            var (trainLoss, trainAcc) = TrainEpoch(model, optimizer, train, trainTransform, seed, epoch, precision);
            Console.WriteLine($"train_acc {PythonFormat.Repr(trainAcc)} epoch {epoch}");
            schedule.Step();
            foreach (var paramGroup in optimizer.ParamGroups)
                paramGroup.LearningRate = schedule.Rates[0];

            var (testLoss, testAcc) = Test(model, test);
            summaries.Scalars(epoch, ("train_loss", trainLoss), ("train_acc", trainAcc), ("test_loss", testLoss), ("test_acc", testAcc));
            bool saveMax = testAcc > best.Value;
            if (saveMax)
                best = new MaxAccuracy(testAcc, true);
            var state = DvsCheckpoint.Capture(model, optimizer, group, schedule, epoch, best.Value);
            if (!best.IsFloat)
                state["max_test_acc"] = 0;
            Console.WriteLine($"test_acc {PythonFormat.Repr(testAcc)} epoch {epoch} best so far {best}");
            if (saveMax)
                TorchCheckpointWriter.Write(Path.Combine(ptDir, "checkpoint_max.pth"), state);
            TorchCheckpointWriter.Write(Path.Combine(ptDir, "checkpoint_latest.pth"), state);
            Console.WriteLine(outDir);
            double total = clock.Elapsed.TotalSeconds;
            var eta = DateTime.Now.AddSeconds(total * (o.Epochs - epoch)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Console.WriteLine($"epoch={epoch}, train_loss={PythonFormat.Repr(trainLoss)}, train_acc={PythonFormat.Repr(trainAcc)}, " +
                $"test_loss={PythonFormat.Repr(testLoss)}, test_acc={PythonFormat.Repr(testAcc)}, max_test_acc={best}, " +
                $"total_time={PythonFormat.Repr(total)}, escape_time={eta}");
        }
        return 0;
    }

    /// <summary>Ours (--eval): the test split once with the -resume checkpoint's weights.</summary>
    public int Evaluate()
    {
        var (_, test, side) = PrepareData();
        using var model = BuildModel(side);
        using (var checkpoint = TorchCheckpointReader.Read(o.Resume!, DvsCheckpoint.NetKey))
            StateDictLoader.Load(model, checkpoint.StateDict, o.Resume!);
        var (loss, acc) = Test(model, test);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test_loss={loss:F6}, test_acc={acc:F6}"));
        return 0;
    }

    /// <summary>The reference's best accuracy starts as the int 0 and prints as "0" until a test beats it.</summary>
    private sealed record MaxAccuracy(double Value, bool IsFloat)
    {
        public static MaxAccuracy Initial { get; } = new(0, false);
        public override string ToString() => IsFloat ? PythonFormat.Repr(Value) : "0";
    }

    /// <summary>
    /// <c>{out_dir}/{model}_{cnf}_T_{T}_T_train_{T_train}_{opt}_lr_{lr}_</c> then <c>CosALR_{T_max}</c> or
    /// <c>StepLR_{step_size}_{gamma}</c>, then <c>_amp</c>; numbers as Python prints them.
    /// </summary>
    public string OutDirName()
    {
        var name = $"{o.Model}_{o.Cnf}_T_{o.T}_T_train_{(o.TTrain is { } t ? t.ToString(CultureInfo.InvariantCulture) : "None")}_{o.Opt}_lr_{PythonFormat.Repr(o.Lr)}_";
        name += o.LrScheduler == "CosALR" ? $"CosALR_{o.TMax}" : $"StepLR_{PythonFormat.Repr(o.StepSize)}_{PythonFormat.Repr(o.Gamma)}";
        if (o.Amp) name += "_amp";
        return Path.Combine(o.OutDir, name);
    }

    private (List<DvsSample> Train, List<DvsSample> Test, int Side) PrepareData()
    {
        var report = FrameCache.Prepare(o.DataDir, o.T, FrameSplit.Number, o.J);
        if (report.Built > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"frames: built {report.Built} files in {report.Seconds:F1} s ({report.FilesPerSecond:F2} samples/s, {report.FilesPerSecond * o.T:F1} frames/s), reused {report.Reused}, in {report.Folder}"));
        else
            Console.WriteLine($"The directory [{report.Folder}] already exists.");
        var folder = DvsFrameFolder.Open(report.Folder);
        if (folder.Classes.Count > Classes)
            throw new DatasetException($"'{report.Folder}' holds {folder.Classes.Count} class folders; the models have {Classes} outputs");
        var (train, test) = folder.Split(0.9);
        if (test.Count == 0)
            throw new DatasetException(
                $"the test split of '{report.Folder}' is empty: the first ceil(0.9 n) samples of each class train, so a class needs at least 2 (the reference divides by zero here)");
        DvsFrameFolder.Load(folder.Samples[0], o.T, out var shape);
        int side = o.DsrDa ? DvsFrameTransform.DsrSize : (int)shape[3];
        return (train, test, side);
    }

    private nn.Module<Tensor, Tensor> BuildModel(int side)
    {
        manual_seed(o.Seed);
        nn.Module<Tensor, Tensor> model;
        try
        {
            model = DvsModels.Create(o.Model!, ConnectFunctions.Parse(o.Cnf), o.T, side);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        // TorchSharp's Module.to replaces Parameter objects, so the optimiser is built after the move.
        model.to(device);
        return model;
    }

    private (double Loss, double Accuracy) TrainEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
        List<DvsSample> train, DvsFrameTransform transform, int seed, int epoch, MixedPrecision precision)
    {
        var random = new SeededRandomSource(seed);
        var loader = new DvsBatchLoader(train, o.T, o.B, transform, random, dropLast: true, workers: o.J);
        var subsets = new SeededRandomSource(seed ^ 0x2545F491);
        var bar = new EpochProgressBar($"epoch {epoch}", loader.BatchCount);
        var loss = new AverageMeter();
        long correct = 0;
        int batches = 0;
        model.train();
        foreach (var (frames, labels) in loader)
        {
            using var scope = NewDisposeScope();
            var x = frames.to(device);
            var y = labels.to(device);
            if (o.TTrain is { } tTrain)
                x = x.index_select(1, tensor(SortedSubset(subsets, o.T, tTrain), int64, device));
            var (output, batchLoss) = precision.TrainStep(model, optimizer, x, y);
            long n = y.shape[0];
            loss.Update(batchLoss.item<float>(), n);
            correct += output.argmax(1).eq(y).sum().item<long>();
            frames.Dispose();
            labels.Dispose();
            batches++;
            bar.Update(batches, loss.Count, loss.Average, (double)correct / loss.Count);
        }
        bar.Clear();
        return (loss.Average, (double)correct / loss.Count);
    }

    /// <summary><c>np.random.choice(T, T_train, replace=False)</c>, sorted.</summary>
    private static long[] SortedSubset(IRandomSource random, int total, int count)
    {
        var pool = Enumerable.Range(0, total).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(total - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool.Take(count).Order().Select(v => (long)v).ToArray();
    }

    private (double Loss, double Accuracy) Test(nn.Module<Tensor, Tensor> model, List<DvsSample> test)
    {
        var transform = o.DsrDa ? new DvsFrameTransform(DvsFrameTransform.DsrSize) : new DvsFrameTransform(null);
        var loader = new DvsBatchLoader(test, o.T, o.B, transform, workers: o.J);
        var loss = new AverageMeter();
        long correct = 0;
        model.eval();
        using var _ = no_grad();
        foreach (var (frames, labels) in loader)
        {
            using var scope = NewDisposeScope();
            var x = frames.to(device);
            var y = labels.to(device);
            var output = model.call(x);
            loss.Update(nn.functional.cross_entropy(output, y).item<float>(), y.shape[0]);
            correct += output.argmax(1).eq(y).sum().item<long>();
            frames.Dispose();
            labels.Dispose();
        }
        return (loss.Average, (double)correct / loss.Count);
    }
}
