using GatedLif.Checkpoints;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Checkpoints;

public class StateDictLoaderTests
{
    /// <summary>A state dict for <see cref="TinyNet"/> whose every value differs from a fresh model's.</summary>
    private static Dictionary<string, Tensor> TinyNetState(
        string prefix = "",
        ScalarType floatType = ScalarType.Float32
    ) =>
        new()
        {
            [prefix + "gain"] = tensor(2.5, floatType),
            [prefix + "steps"] = tensor(11L),
            [prefix + "fc.weight"] = arange(6, floatType).reshape(2, 3),
            [prefix + "fc.bias"] = tensor(new[] { -1.0, 1.0 }, floatType),
            [prefix + "bn.weight"] = full(2, 3.0, floatType),
            [prefix + "bn.bias"] = full(2, 0.25, floatType),
            [prefix + "bn.running_mean"] = full(2, 0.5, floatType),
            [prefix + "bn.running_var"] = full(2, 4.0, floatType),
            [prefix + "bn.num_batches_tracked"] = tensor(54L),
        };

    private static void AssertHoldsTinyNetState(TinyNet model)
    {
        var state = model.state_dict();
        Assert.Empty(state["gain"].shape);
        Assert.Equal(2.5f, state["gain"].item<float>());
        Assert.Equal(11L, state["steps"].item<long>());
        Assert.Equal([0f, 1, 2, 3, 4, 5], state["fc.weight"].flatten().data<float>().ToArray());
        Assert.Equal([-1f, 1], state["fc.bias"].data<float>().ToArray());
        Assert.Equal([4f, 4], state["bn.running_var"].data<float>().ToArray());
        Assert.Equal(54L, state["bn.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Loads_every_parameter_and_buffer()
    {
        using var model = new TinyNet();

        var report = StateDictLoader.Load(model, TinyNetState(), "tiny.pth");

        AssertHoldsTinyNetState(model);
        Assert.True(report.IsComplete);
        Assert.Equal(TinyNetState().Count, report.Loaded.Count);
        Assert.False(report.StrippedModulePrefix);
    }

    [Fact]
    public void Strips_DataParallel_module_prefix()
    {
        using var model = new TinyNet();

        var report = StateDictLoader.Load(model, TinyNetState("module."), "ddp.pth");

        AssertHoldsTinyNetState(model);
        Assert.True(report.StrippedModulePrefix);
        Assert.True(report.IsComplete);
    }

    [Fact]
    public void Converts_float64_to_the_models_float32()
    {
        using var model = new TinyNet();

        StateDictLoader.Load(model, TinyNetState(floatType: ScalarType.Float64), "dvs.pth");

        AssertHoldsTinyNetState(model);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Equal(ScalarType.Int64, model.state_dict()["bn.num_batches_tracked"].dtype);
    }

    [Fact]
    public void Loading_keeps_parameters_trainable()
    {
        using var model = new TinyNet();

        StateDictLoader.Load(model, TinyNetState(), "tiny.pth");

        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Strict_lists_missing_unexpected_and_mismatched_keys_and_loads_nothing()
    {
        using var model = new TinyNet();
        var before = model.state_dict()["fc.bias"].clone();
        var state = TinyNetState();
        state.Remove("gain");
        state.Remove("bn.running_mean");
        state["conv.weight"] = zeros(1);
        state["fc.weight"] = zeros(4, 3);

        var error = Assert.Throws<CheckpointException>(() => StateDictLoader.Load(model, state, "/ckpt/broken.pth"));

        Assert.Contains("/ckpt/broken.pth", error.Message);
        Assert.Contains("does not match the model: 2 missing, 1 unexpected, 1 misshapen keys", error.Message);
        Assert.Contains("missing keys (in the model, not in the checkpoint): 2", error.Message);
        Assert.Contains("\n    gain", error.Message);
        Assert.Contains("\n    bn.running_mean", error.Message);
        Assert.Contains("unexpected keys (in the checkpoint, not in the model): 1", error.Message);
        Assert.Contains("\n    conv.weight", error.Message);
        Assert.Contains("shape mismatches: 1", error.Message);
        Assert.Contains("fc.weight: model [2, 3], checkpoint [4, 3]", error.Message);
        Assert.True(
            before.eq(model.state_dict()["fc.bias"]).all().item<bool>(),
            "strict failure must not load anything"
        );
    }

    /// <summary>The TinyNet state with every key renamed: nine unexpected keys and nine missing ones.</summary>
    private static Dictionary<string, Tensor> RenamedTinyNetState() =>
        TinyNetState().ToDictionary(kv => "other." + kv.Key, kv => kv.Value);

    [Fact]
    public void A_mismatch_lists_the_first_keys_of_each_kind_and_counts_the_rest()
    {
        using var model = new TinyNet();

        var error = Assert.Throws<CheckpointException>(() =>
            StateDictLoader.Load(
                model,
                RenamedTinyNetState(),
                "renamed.pth",
                mismatch: new StateDictMismatchOptions(KeysShown: 3, MoreKeysNote: "ask for all")
            )
        );

        var lines = error.Message.Split('\n');
        Assert.Contains("9 missing, 9 unexpected, 0 misshapen keys", lines[0]);
        // Missing keys in the model's order, unexpected ones in module order; no empty shape group.
        Assert.Equal(
            [
                "  missing keys (in the model, not in the checkpoint): 9",
                "    gain",
                "    fc.weight",
                "    fc.bias",
                "    … and 6 more (ask for all)",
            ],
            lines[1..6]
        );
        Assert.Equal(
            [
                "  unexpected keys (in the checkpoint, not in the model): 9",
                "    other.bn.bias",
                "    other.bn.num_batches_tracked",
                "    other.bn.running_mean",
                "    … and 6 more (ask for all)",
            ],
            lines[6..11]
        );
        Assert.Equal(11, lines.Length);
    }

    [Fact]
    public void A_mismatch_lists_every_key_when_asked_and_ends_with_the_hint()
    {
        using var model = new TinyNet();
        IReadOnlyDictionary<string, long[]>? seen = null;
        var options = new StateDictMismatchOptions(KeysShown: null, Hint: shapes =>
        {
            seen = shapes;
            return "looks like something else";
        });

        var error = Assert.Throws<CheckpointException>(() =>
            StateDictLoader.Load(model, RenamedTinyNetState(), "renamed.pth", mismatch: options)
        );

        var lines = error.Message.Split('\n');
        Assert.Equal(1 + 2 * (1 + 9) + 1, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("more"));
        Assert.Equal("  looks like something else", lines[^1]);
        // The hint sees the checkpoint's keys and shapes.
        Assert.NotNull(seen);
        Assert.Equal([2L, 3], seen["other.fc.weight"]);
        Assert.Equal(9, seen.Count);
    }

    [Fact]
    public void The_hint_sees_keys_without_the_DataParallel_prefix()
    {
        using var model = new TinyNet();
        var state = TinyNetState("module.");
        state["module.fc.weight"] = zeros(4, 3);
        IReadOnlyDictionary<string, long[]>? seen = null;

        var error = Assert.Throws<CheckpointException>(() =>
            StateDictLoader.Load(
                model,
                state,
                "ddp.pth",
                mismatch: new StateDictMismatchOptions(Hint: shapes =>
                {
                    seen = shapes;
                    return null;
                })
            )
        );

        Assert.Contains(
            "(after removing the 'module.' prefix): 0 missing, 0 unexpected, 1 misshapen keys",
            error.Message
        );
        Assert.NotNull(seen);
        Assert.Equal([4L, 3], seen["fc.weight"]);
        Assert.False(error.Message.EndsWith('\n'));
    }

    [Fact]
    public void The_hint_is_not_asked_when_the_keys_match()
    {
        using var model = new TinyNet();
        var options = new StateDictMismatchOptions(Hint: _ => throw new InvalidOperationException("the hint ran"));

        var report = StateDictLoader.Load(model, TinyNetState(), "tiny.pth", mismatch: options);

        Assert.True(report.IsComplete);
    }

    [Fact]
    public void Non_strict_loads_what_matches_and_reports_the_rest()
    {
        using var model = new TinyNet();
        var state = TinyNetState();
        state.Remove("gain");
        state["extra.bias"] = zeros(3);
        state["bn.running_var"] = ones(5);

        var report = StateDictLoader.Load(model, state, "partial.pth", strict: false);

        Assert.Equal(["gain"], report.Missing);
        Assert.Equal(["extra.bias"], report.Unexpected);
        Assert.Equal("bn.running_var", Assert.Single(report.ShapeMismatches).Key);
        Assert.DoesNotContain("bn.running_var", report.Loaded);
        Assert.Equal(1.5f, model.state_dict()["gain"].item<float>());
        Assert.Equal(54L, model.state_dict()["bn.num_batches_tracked"].item<long>());
        Assert.False(report.IsComplete);
    }
}
