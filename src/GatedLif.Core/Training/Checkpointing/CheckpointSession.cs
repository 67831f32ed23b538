using GatedLif.Checkpoints;
using GatedLif.Distributed;
using GatedLif.Files;
using GatedLif.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Training.Checkpointing;

/// <summary>
/// The checkpoints of one training run. Saving captures what a file records (the model, epoch, best score, optimiser
/// and schedule states, torch's CPU generator, auto's convolution plans, the loss scaler) in the run's layout, on rank
/// 0 alone, each file written whole or not at all. Resuming reads the candidates newest first, skips an unreadable one
/// for the next, and restores the first readable one into the model, optimiser, generator, plans and scaler; the
/// ranks then check that they all found the same epoch.
/// </summary>
public sealed class CheckpointSession(
    nn.Module model,
    IReadOnlyList<ParameterGroup> groups,
    OptimizerHelper optimizer,
    GradScaler scaler,
    TrainingConfiguration config,
    ICollectives world
)
{
    private bool IsLeader => world.Rank == 0;

    /// <summary>The folders checkpoints go to, made and checked for writing before the first epoch (rank 0).</summary>
    public void PrepareFolders()
    {
        foreach (var folder in config.CheckpointPolicy.Folders.Where(_ => IsLeader))
            WritableFolder.Ensure(folder, "checkpoints");
    }

    /// <summary>Writes the state after <paramref name="epoch"/> to <paramref name="path"/> (rank 0; the other ranks
    /// hold the same state).</summary>
    public void Save(string path, int epoch, BestScore best, IEpochSchedule schedule)
    {
        if (!IsLeader)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var snapshot = new TrainingSnapshot(
            model,
            epoch,
            best,
            OptimizerStateDict.Capture(optimizer, groups),
            schedule.StateDict(),
            Generator.Default.get_state(),
            ConvolutionPlanEntry.Of(model),
            GradScalerEntry.Of(scaler)
        );
        TorchCheckpointWriter.Write(path, config.CheckpointLayout.Write(snapshot));
    }

    /// <summary>
    /// The state of the first readable resume candidate, restored into the model, optimiser, generator, plans and
    /// scaler; null for a fresh start. <paramref name="skipped"/> hears of each unreadable candidate passed over (the
    /// last one's error is thrown instead).
    /// </summary>
    public ResumedCheckpoint? Resume(Action<string, string> skipped)
    {
        var candidates = config.ResumeCandidates;
        for (int i = 0; i < candidates.Count; i++)
        {
            var path = candidates[i];
            Checkpoint checkpoint;
            ResumeState state;
            try
            {
                checkpoint = TorchCheckpointReader.Read(path, config.CheckpointLayout.StateDictKey);
            }
            catch (CheckpointException e) when (i < candidates.Count - 1)
            {
                skipped(path, e.Message);
                continue;
            }
            using (checkpoint)
            {
                try
                {
                    state = config.CheckpointLayout.Read(checkpoint);
                }
                catch (CheckpointException e) when (i < candidates.Count - 1)
                {
                    skipped(path, e.Message);
                    continue;
                }
                StateDictLoader.Load(model, checkpoint.StateDict, path, mismatch: config.Mismatch);
                ConvolutionPlanEntry.Restore(model, checkpoint);
                GradScalerEntry.Restore(scaler, checkpoint);
                OptimizerStateDict.Restore(state.Optimizer, optimizer, groups, path);
                if (state.RngState is { } rng)
                    Generator.Default.set_state(rng);
            }
            return new ResumedCheckpoint(path, state);
        }
        return null;
    }

    /// <summary>Every rank resumes from its own reading of the checkpoints; they must have found the same
    /// epoch.</summary>
    public void AgreeOnResumePoint(int firstEpoch)
    {
        if (world.WorldSize == 1)
            return;
        using var leaders = tensor(new long[] { firstEpoch });
        world.Broadcast(leaders, root: 0);
        long expected = leaders.item<long>();
        if (expected != firstEpoch)
            throw new DistributedSetupException(
                $"rank {world.Rank} would resume at epoch {firstEpoch} but rank 0 at epoch {expected}: "
                    + "every node needs the same checkpoints"
            );
    }
}

/// <summary>The checkpoint a run resumed from and what it held for the schedule and the score.</summary>
public sealed record ResumedCheckpoint(string Path, ResumeState State);
