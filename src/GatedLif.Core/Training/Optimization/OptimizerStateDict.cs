using System.Collections;
using GatedLif.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Training.Optimization;

/// <summary>
/// An optimiser's state in the layout of PyTorch's own <c>optimizer.state_dict()</c>, so a checkpoint resumes in
/// either program: <c>state</c> by parameter index (SGD: momentum_buffer; Adam: step as a float tensor, as PyTorch
/// 1.12+ keeps it, exp_avg, exp_avg_sq) and <c>param_groups</c> with every option and the indices of their
/// parameters, counted across groups in order.
/// </summary>
public static class OptimizerStateDict
{
    public static Dictionary<string, object?> Capture(OptimizerHelper optimizer, IReadOnlyList<ParameterGroup> groups)
    {
        var live = optimizer.state_dict();
        var state = new Dictionary<object, object?>();
        for (int i = 0; i < live.State.Count; i++)
        {
            switch (live.State[i])
            {
                case SGD.State { momentum_buffer: { } buffer }:
                    state[i] = new Dictionary<string, object?> { ["momentum_buffer"] = buffer };
                    break;
                case Adam.State { step: > 0 } s:
                    state[i] = new Dictionary<string, object?>
                    {
                        ["step"] = tensor((float)s.step),
                        ["exp_avg"] = s.exp_avg,
                        ["exp_avg_sq"] = s.exp_avg_sq,
                    };
                    break;
            }
        }
        var paramGroups = new List<object?>();
        int index = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            var options = GroupOptions(live.Options[g]);
            options["initial_lr"] = live.Options[g].InitialLearningRate;
            options["params"] = Enumerable.Range(index, groups[g].Parameters.Count).Cast<object?>().ToList();
            paramGroups.Add(options);
            index += groups[g].Parameters.Count;
        }
        return new Dictionary<string, object?> { ["state"] = state, ["param_groups"] = paramGroups };
    }

    /// <summary>Every option of a group, in the order PyTorch lists them.</summary>
    private static Dictionary<string, object?> GroupOptions(OptimizerOptions options) =>
        options switch
        {
            SGD.Options o => new()
            {
                ["lr"] = o.LearningRate!.Value,
                ["momentum"] = o.momentum!.Value,
                ["dampening"] = o.dampening!.Value,
                ["weight_decay"] = o.weight_decay!.Value,
                ["nesterov"] = o.nesterov!.Value,
                ["maximize"] = o.maximize!.Value,
                ["foreach"] = null,
                ["differentiable"] = false,
            },
            Adam.Options o => new()
            {
                ["lr"] = o.LearningRate!.Value,
                ["betas"] = new List<object?> { o.beta1!.Value, o.beta2!.Value },
                ["eps"] = o.eps!.Value,
                ["weight_decay"] = o.weight_decay!.Value,
                ["amsgrad"] = o.amsgrad!.Value,
                ["maximize"] = o.maximize!.Value,
                ["foreach"] = null,
                ["capturable"] = false,
                ["differentiable"] = false,
                ["fused"] = null,
            },
            _ => throw new ArgumentException($"no checkpoint layout for the options of {options.GetType().Name}"),
        };

    /// <summary>
    /// Puts a saved state back: each group's learning rate and every parameter's buffers (on its device and in its
    /// dtype). The saved groups must hold as many parameters as this run's.
    /// </summary>
    /// <exception cref="CheckpointException">The saved state does not fit this optimiser.</exception>
    public static void Restore(
        IDictionary saved,
        OptimizerHelper optimizer,
        IReadOnlyList<ParameterGroup> groups,
        string source
    )
    {
        var live = optimizer.state_dict();
        var savedGroups =
            saved["param_groups"] as IList
            ?? throw new CheckpointException($"{source}: the optimiser state has no 'param_groups' list");
        if (savedGroups.Count != live.Options.Count)
            throw new CheckpointException(
                $"{source}: the optimiser has {savedGroups.Count} parameter groups, this run {live.Options.Count} "
                    + "(the parameter grouping of the run that wrote it was different)"
            );
        for (int g = 0; g < savedGroups.Count; g++)
        {
            var group = (IDictionary)savedGroups[g]!;
            int count = ((IList)group["params"]!).Count;
            if (count != groups[g].Parameters.Count)
                throw new CheckpointException(
                    $"{source}: parameter group {g} holds {count} parameters, this model's {groups[g].Parameters.Count}"
                );
            live.Options[g].LearningRate = Convert.ToDouble(group["lr"]);
        }

        var states =
            saved["state"] as IDictionary
            ?? throw new CheckpointException($"{source}: the optimiser state has no 'state'");
        var parameters = groups.SelectMany(g => g.Parameters.Select(p => p.Parameter)).ToList();
        using var _ = no_grad();
        for (int i = 0; i < live.State.Count; i++)
        {
            var entry = states.Contains(i) ? states[i] as IDictionary : null;
            switch (live.State[i])
            {
                case SGD.State sgd:
                    sgd.momentum_buffer?.Dispose();
                    sgd.momentum_buffer = entry?["momentum_buffer"] is Tensor buffer
                        ? buffer.to(parameters[i].dtype).to(parameters[i].device, copy: true).DetachFromDisposeScope()
                        : null!;
                    break;
                case Adam.State adam when entry is not null:
                    adam.step = entry["step"] switch
                    {
                        Tensor t => (long)t.to_type(float64).item<double>(),
                        var v => Convert.ToInt64(v),
                    };
                    adam.exp_avg.copy_((Tensor)entry["exp_avg"]!);
                    adam.exp_avg_sq.copy_((Tensor)entry["exp_avg_sq"]!);
                    break;
            }
        }
    }
}
