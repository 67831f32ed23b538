using System.Collections;
using GatedLif.Checkpoints;
using GatedLif.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Cli.Training;

/// <summary>
/// cifar10dvs/train.py's checkpoint, <c>{'net', 'optimizer', 'lr_scheduler', 'epoch', 'max_test_acc'}</c>, with the
/// optimiser and scheduler in the layouts of PyTorch's own <c>state_dict()</c> (SGD or Adam; CosineAnnealingLR or
/// StepLR), so the file resumes in either program.
/// </summary>
public static class DvsCheckpoint
{
    public const string NetKey = "net";

    public static Dictionary<string, object?> Capture(nn.Module model, optim.Optimizer optimizer, ParameterGroup group,
        IEpochSchedule schedule, int epoch, double maxTestAccuracy)
    {
        var net = new Dictionary<string, object?>();
        foreach (var (key, value) in ModuleStateOrder.OrderedStateDict(model))
            net[key] = value;
        return new Dictionary<string, object?>
        {
            [NetKey] = net,
            ["optimizer"] = optimizer switch
            {
                SGD sgd => TrainingState.OptimizerState(sgd, [group]),
                Adam adam => AdamState(adam, group),
                _ => throw new ArgumentException($"no checkpoint layout for {optimizer.GetType().Name}"),
            },
            ["lr_scheduler"] = schedule.StateDict(),
            ["epoch"] = epoch,
            ["max_test_acc"] = maxTestAccuracy,
        };
    }

    /// <summary>
    /// Restores optimiser and scheduler from a checkpoint's entries and returns its epoch and best test accuracy.
    /// </summary>
    public static (int Epoch, double MaxTestAccuracy) Restore(Checkpoint checkpoint, optim.Optimizer optimizer,
        ParameterGroup group, IEpochSchedule schedule)
    {
        var extra = checkpoint.Extra;
        var source = checkpoint.Source;
        var optimizerState = TrainingState.Entry(extra, "optimizer", source);
        switch (optimizer)
        {
            case SGD sgd:
                TrainingState.RestoreSgd(optimizerState, sgd, [group], source);
                break;
            case Adam adam:
                RestoreAdam(optimizerState, adam, group, source);
                break;
        }
        EpochScheduleState.Restore(schedule, TrainingState.Entry(extra, "lr_scheduler", source), source);
        foreach (var paramGroup in optimizer.ParamGroups)
            paramGroup.LearningRate = schedule.Rates[0];
        if (!extra.TryGetValue("epoch", out var epoch) || epoch is null)
            throw new CheckpointException($"{source} holds no 'epoch': it cannot be resumed");
        if (!extra.TryGetValue("max_test_acc", out var best) || best is null)
            throw new CheckpointException($"{source} holds no 'max_test_acc': it cannot be resumed");
        return (Convert.ToInt32(epoch), Convert.ToDouble(best));
    }

    /// <summary><c>torch.optim.Adam.state_dict()</c>: per parameter index its step (a float tensor, as PyTorch
    /// 1.12+ keeps it) and moment estimates; one group with Adam's defaults.</summary>
    private static Dictionary<string, object?> AdamState(Adam adam, ParameterGroup group)
    {
        var live = adam.state_dict();
        var state = new Dictionary<object, object?>();
        for (int i = 0; i < live.State.Count; i++)
        {
            var s = (Adam.State)live.State[i];
            if (s.step == 0) continue;
            state[i] = new Dictionary<string, object?>
            {
                ["step"] = tensor((float)s.step),
                ["exp_avg"] = s.exp_avg,
                ["exp_avg_sq"] = s.exp_avg_sq,
            };
        }
        var options = (Adam.Options)live.Options[0];
        var paramGroup = new Dictionary<string, object?>
        {
            ["lr"] = options.LearningRate!.Value,
            ["betas"] = new List<object?> { options.beta1!.Value, options.beta2!.Value },
            ["eps"] = options.eps!.Value,
            ["weight_decay"] = options.weight_decay!.Value,
            ["amsgrad"] = options.amsgrad!.Value,
            ["maximize"] = options.maximize!.Value,
            ["foreach"] = null,
            ["capturable"] = false,
            ["differentiable"] = false,
            ["fused"] = null,
            ["initial_lr"] = options.InitialLearningRate,
            ["params"] = Enumerable.Range(0, group.Parameters.Count).Cast<object?>().ToList(),
        };
        return new Dictionary<string, object?> { ["state"] = state, ["param_groups"] = new List<object?> { paramGroup } };
    }

    private static void RestoreAdam(IDictionary saved, Adam adam, ParameterGroup group, string source)
    {
        var live = adam.state_dict();
        if (saved["param_groups"] is not IList { Count: 1 } groups || groups[0] is not IDictionary savedGroup)
            throw new CheckpointException($"{source}: the Adam state does not hold one parameter group");
        if (((IList)savedGroup["params"]!).Count != group.Parameters.Count)
            throw new CheckpointException($"{source}: the Adam state holds {((IList)savedGroup["params"]!).Count} parameters, this model {group.Parameters.Count}");
        live.Options[0].LearningRate = Convert.ToDouble(savedGroup["lr"]);
        var states = saved["state"] as IDictionary ?? throw new CheckpointException($"{source}: the Adam state has no 'state'");
        using var _ = no_grad();
        for (int i = 0; i < live.State.Count; i++)
        {
            if (!states.Contains(i) || states[i] is not IDictionary entry) continue;
            var s = (Adam.State)live.State[i];
            s.step = entry["step"] switch
            {
                Tensor t => (long)t.to_type(float64).item<double>(),
                var v => Convert.ToInt64(v),
            };
            s.exp_avg.copy_((Tensor)entry["exp_avg"]!);
            s.exp_avg_sq.copy_((Tensor)entry["exp_avg_sq"]!);
        }
    }
}
