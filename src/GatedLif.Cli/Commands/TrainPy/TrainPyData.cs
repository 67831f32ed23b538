using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Logging;
using GatedLif.Data.Datasets;
using GatedLif.Data.Loading;
using GatedLif.Data.Transforms;
using GatedLif.Training;

namespace GatedLif.Cli.Commands.TrainPy;

/// <summary>
/// The data sets a train.py command line names: CIFAR-10/100 under --dataset-path, or with --imagenet the
/// ImageFolder trees --train-dir and --val-dir (the reference's transforms, decoded by -j worker threads).
/// <c>Train</c> is null for --eval, which reads only the test data. <c>shard</c> is this rank's part of both.
/// </summary>
public sealed record TrainPyData(IBatchSource? Train, IBatchSource Test)
{
    public static TrainPyData Open(TrainPyOptions o, ReferenceLog log, bool withTraining, Shard? shard = null)
    {
        if (o.ImageNet)
        {
            int workers = o.Workers ?? Environment.ProcessorCount;
            Action<string> warn = message => log.Print(message);
            if (!TurboJpeg.IsAvailable)
                log.Warning(
                    $"{TurboJpeg.Library} not found (Debian package libturbojpeg0): JPEG files are decoded by "
                        + $"ImageSharp, whose pixels differ from Pillow's"
                );
            var train = withTraining
                ? new ImageFolderBatchSource(
                    ImageFolder.Open(o.TrainDir),
                    o.BatchSize,
                    new ImageNetTrainTransform(),
                    workers,
                    training: true,
                    o.SkipBadImages,
                    warn,
                    shard
                )
                : null;
            var val = new ImageFolderBatchSource(
                ImageFolder.Open(o.ValDir),
                o.BatchSize,
                new ImageNetEvalTransform(),
                workers,
                training: false,
                o.SkipBadImages,
                warn,
                shard
            );
            return new TrainPyData(train, val);
        }

        var variant = o.Cifar100 ? CifarVariant.Cifar100 : CifarVariant.Cifar10;
        if (withTraining)
        {
            DataDownload.EnsurePresent(o, variant, log.Console.Error, CifarSplit.Train, CifarSplit.Test);
            var trainSet = CifarDataset.Open(o.DatasetPath, variant, CifarSplit.Train);
            return new TrainPyData(
                new CifarBatchSource(trainSet, o.BatchSize, training: true, shard),
                new CifarBatchSource(
                    CifarDataset.Open(o.DatasetPath, variant, CifarSplit.Test),
                    o.BatchSize,
                    training: false,
                    shard
                )
            );
        }
        DataDownload.EnsurePresent(o, variant, log.Console.Error, CifarSplit.Test);
        return new TrainPyData(
            null,
            new CifarBatchSource(
                CifarDataset.Open(o.DatasetPath, variant, CifarSplit.Test),
                o.BatchSize,
                training: false,
                shard
            )
        );
    }
}
