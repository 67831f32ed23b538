using GatedLif.Checkpoints;
using GatedLif.Distributed;
using GatedLif.Tests.TestSupport;
using GatedLif.Training;
using GatedLif.Training.Checkpointing;
using GatedLif.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Training.Checkpointing;

/// <summary>
/// A run's checkpoint session: what one run saves another resumes, the loss scaler included; unreadable candidates
/// are passed over with their reasons; rank 0 alone writes, and the ranks must agree on the epoch they resume at.
/// Resuming sets torch's global generator, so these run alone.
/// </summary>
[Collection(SerialTorchRandom.Name)]
public sealed class CheckpointSessionTests
{
    [Theory]
    [MemberData(nameof(CheckpointLayouts.Names), MemberType = typeof(CheckpointLayouts))]
    public void A_run_resumed_from_a_checkpoint_starts_at_the_saved_scale_and_growth_tracker(string layoutName)
    {
        using var folder = new TempFolder();
        var layout = CheckpointLayouts.Named(layoutName);
        var path = folder.File("saved.pth");
        using (var saved = new Run(layout, folder.Path))
        {
            saved.Step(float.PositiveInfinity);
            saved.Step(1);
            saved.Step(1);
            Assert.Equal((32768.0, 2), (saved.Scaler.Scale, saved.Scaler.GrowthTracker));
            saved.Session.Save(path, 3, new BestScore(50, 2), saved.Schedule);
        }

        using var resumed = new Run(layout, folder.Path, [path]);
        var checkpoint = resumed.Session.Resume((skipped, reason) => Assert.Fail($"{skipped} skipped: {reason}"));
        Assert.Equal((path, 3), (checkpoint?.Path, checkpoint?.State.Epoch));
        Assert.Equal((32768.0, 2), (resumed.Scaler.Scale, resumed.Scaler.GrowthTracker));
    }

    [Fact]
    public void An_unreadable_candidate_is_skipped_with_its_reason_unless_it_is_the_last()
    {
        using var folder = new TempFolder();
        var layout = new TrainPyCheckpointLayout(1);
        var intact = folder.File("intact.pth.tar");
        var truncated = folder.File("truncated.pth.tar");
        using (var saved = new Run(layout, folder.Path))
            saved.Session.Save(intact, 2, BestScore.None, saved.Schedule);
        var bytes = File.ReadAllBytes(intact);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var skipped = new List<(string Path, string Reason)>();
        using (var resumed = new Run(layout, folder.Path, [truncated, intact]))
            Assert.Equal(intact, resumed.Session.Resume((p, r) => skipped.Add((p, r)))?.Path);
        var (path, reason) = Assert.Single(skipped);
        Assert.Equal(truncated, path);
        Assert.Contains(Path.GetFileName(truncated), reason);

        using var onlyTruncated = new Run(layout, folder.Path, [truncated]);
        var error = Assert.Throws<CheckpointException>(() =>
            onlyTruncated.Session.Resume((p, _) => Assert.Fail($"{p} skipped"))
        );
        Assert.Contains(Path.GetFileName(truncated), error.Message);
        using var fresh = new Run(layout, folder.Path);
        Assert.Null(fresh.Session.Resume((p, _) => Assert.Fail($"{p} skipped")));
    }

    [Fact]
    public void Another_rank_writes_nothing_and_must_resume_where_rank_0_does()
    {
        using var folder = new TempFolder();
        using var second = new Run(new TrainPyCheckpointLayout(1), folder.Path, world: new SecondRank(leadersEpoch: 4));
        var path = folder.File("rank1.pth.tar");
        second.Session.Save(path, 3, BestScore.None, second.Schedule);
        Assert.False(File.Exists(path));

        second.Session.AgreeOnResumePoint(4);
        var error = Assert.Throws<DistributedSetupException>(() => second.Session.AgreeOnResumePoint(3));
        Assert.Contains("rank 1 would resume at epoch 3 but rank 0 at epoch 4", error.Message);
    }

    /// <summary>What a Trainer gives its session: a linear model, SGD over one group, an enabled loss scaler.</summary>
    private sealed class Run : IDisposable
    {
        private readonly Linear _model = nn.Linear(4, 2);
        private readonly IReadOnlyList<ParameterGroup> _groups;
        private readonly OptimizerHelper _optimizer;

        public Run(
            ICheckpointLayout layout,
            string folder,
            IReadOnlyList<string>? candidates = null,
            ICollectives? world = null
        )
        {
            _groups =
            [
                new ParameterGroup(
                    "others",
                    _model.named_parameters().Select(p => (p.name, p.parameter)).ToList(),
                    0.1,
                    0
                ),
            ];
            var config = new TrainingConfiguration
            {
                Epochs = 5,
                Optimizer = new OptimizerSettings(OptimizerKind.Sgd),
                Schedule = new CosineSchedule(5),
                CheckpointLayout = layout,
                CheckpointPolicy = new TrainPyCheckpointPolicy(folder, "session", saveInterval: 10),
                ResumeCandidates = candidates ?? [],
            };
            _optimizer = config.Optimizer.Create(_groups);
            Schedule = config.Schedule.Create([0.1]);
            Session = new CheckpointSession(
                _model,
                _groups,
                _optimizer,
                Scaler,
                config,
                world ?? SingleProcess.Instance
            );
        }

        public GradScaler Scaler { get; } = new();
        public IEpochSchedule Schedule { get; }
        public CheckpointSession Session { get; }

        /// <summary>One optimiser step through the scaler with every gradient <paramref name="gradient"/> (an
        /// infinite one is skipped and backs the scale off).</summary>
        public void Step(float gradient)
        {
            foreach (var (_, parameter) in _groups[0].Parameters)
                parameter.grad = full_like(parameter, gradient);
            Scaler.Step(() => _optimizer.step(), _groups[0].Parameters.Select(p => (Tensor)p.Parameter));
            Scaler.Update();
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
        }
    }

    /// <summary>Rank 1 of two, to which rank 0 broadcasts <paramref name="leadersEpoch"/>.</summary>
    private sealed class SecondRank(long leadersEpoch) : ICollectives
    {
        public int Rank => 1;
        public int WorldSize => 2;
        public string Backend => "test";

        public void Broadcast(Tensor tensor, int root = 0) => tensor.fill_(leadersEpoch);

        public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum) => throw new NotSupportedException();

        public void Barrier() => throw new NotSupportedException();

        public void Dispose() { }
    }
}
