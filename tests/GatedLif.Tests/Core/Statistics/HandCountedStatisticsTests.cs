using System.Text.Json;
using GatedLif.Distributed;
using GatedLif.Layers;
using GatedLif.Neurons;
using GatedLif.Statistics;
using GatedLif.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Statistics;

/// <summary>
/// Spike statistics of <see cref="HandCountedNet"/>, every number worked out by hand below. Output positions of the
/// 4x4 → 2x2 convolutions: output row 0 reads input rows 0-1 (row -1 is padding), row 1 reads rows 1-3 (3x3,
/// stride 2, padding 1); the 1x1 stride-2 shortcut reads rows 0 and 2 only. Columns likewise.
/// </summary>
[Trait(KernelDependence.Trait, KernelDependence.Dependent)]
public sealed class HandCountedStatisticsTests
{
    private static NetworkCounts Count(HandCountedNet net, params string[] batches) =>
        Count(net, CountingImplementation.Auto, batches);

    private static NetworkCounts Count(
        HandCountedNet net,
        CountingImplementation implementation,
        params string[] batches
    )
    {
        using var statistics = SpikeStatisticsRecorder.Begin(net, HandCountedNet.TimeSteps, implementation);
        using (no_grad())
            foreach (var batch in batches)
            {
                using var x = HandCountedNet.Input(batch);
                using var output = net.call(x);
            }
        return statistics.End();
    }

    private static SpikeStatisticsReport Report(NetworkCounts counts) =>
        SpikeStatisticsReport.From(counts, EnergyModel.Horowitz45nm);

    private static string Json(SpikeStatisticsReport report) => JsonSerializer.Serialize(report);

    [Fact]
    public void Fan_out_along_a_dim_counts_stride_padding_and_dilation()
    {
        // 3 taps, stride 2, padding 1 on 4 inputs (2 outputs): output 0 reads -1, 0, 1; output 1 reads 1, 2, 3.
        Assert.Equal([1, 2, 1, 1], ConvolutionFanOut.AlongDim(4, 2, 3, 2, 1, 1));
        // 1 tap, stride 2: inputs 1 and 3 are skipped.
        Assert.Equal([1, 0, 1, 0], ConvolutionFanOut.AlongDim(4, 2, 1, 2, 0, 1));
        // 3 taps, stride 1, padding 1 on 2 inputs: every output reads both.
        Assert.Equal([2, 2], ConvolutionFanOut.AlongDim(2, 2, 3, 1, 1, 1));
        // 3 taps, dilation 2, no padding, on 5 inputs (1 output): it reads 0, 2, 4.
        Assert.Equal([1, 0, 1, 0, 1], ConvolutionFanOut.AlongDim(5, 1, 3, 1, 0, 2));
    }

    [Theory]
    [InlineData(CountingImplementation.Auto)]
    [InlineData(CountingImplementation.TensorOperations)]
    public void Every_count_of_a_hand_built_network_is_the_hand_count(CountingImplementation implementation)
    {
        using var net = new HandCountedNet();
        var report = Report(Count(net, implementation, "AB"));

        Assert.Equal(2, report.Samples);
        Assert.Equal(2, report.TimeSteps);
        Assert.Equal(["stem.0", "lif1", "conv2.0", "shortcut.0", "lif2", "head.0"], report.Layers.Select(l => l.Layer));
        Assert.Equal(
            ["conv 3x3 s2 g2", "LIF", "conv 3x3", "conv 1x1 s2", "LIF", "linear"],
            report.Layers.Select(l => l.Kind)
        );

        // stem: 4 outputs x 2x2 positions, each reading 1 channel x 3x3 weights = 144 MACs per step.
        // A's spikes drive (row fan x column fan x 2 output channels of the group), fan along a dim [1, 2, 1, 1]:
        // step 0: (0,0) 1*1*2 + (3,3) 1*1*2 + (1,2) 2*1*2; step 1: (2,2) 1*1*2 + (3,1) 1*2*2 + (0,3) 1*1*2: 16 SOPs.
        // B is not spikes: 144 MACs at each of 2 steps. Per sample: (16 + 0) / 2 SOPs, (0 + 288) / 2 MACs.
        AssertSynapses(report.Layers[0], annMacs: 144, sops: 8, macs: 144, spikeInput: 0.5);

        // lif1 (16 neurons): channel-0 group (outputs 0, 1) fires at step 0 where its field holds (0,0) or (3,3):
        // outputs (0,0), (1,1); channel-1 group (outputs 2, 3) at step 0 where (1,2) is: (0,1), (1,1); at step 1
        // where (2,2), (3,1) or (0,3) is: (0,1), (1,0), (1,1) (a neuron reset to 0 fires again on input ≥ 1).
        // Spikes per step: 2 positions x 2 + 2 x 2 = 8, then 3 x 2 = 6. B's 0.5 adds 0.5 to all four channel-0
        // positions: (0,0) and (1,1) fire as in A, (0,1) and (1,0) reach 0.5, not above Vth, then decay to 0.25.
        // Never fired: channel-0 (0,1), (1,0) and channel-1 (0,0), 2 channels each: 6 of 16. Always: channel-1
        // (0,1), (1,1): 4 of 16. Rate: (8 + 6) / (16 x 2).
        AssertNeurons(
            report.Layers[1],
            count: 16,
            spikesPerStep: [8, 6],
            rate: 14.0 / 32,
            never: 6.0 / 16,
            always: 4.0 / 16
        );

        // conv2: 4 outputs x 2x2 positions x (4 channels x 9 weights) = 576 MACs per step. Padding 1 on a 2x2 map:
        // every input reaches all 4 positions of all 4 outputs, so 16 SOPs per spike; lif1 spikes are 14 per sample.
        AssertSynapses(report.Layers[2], annMacs: 576, sops: 14 * 16, macs: 0, spikeInput: 1);

        // shortcut: 4 outputs x 2x2 positions x 2 channels = 32 MACs per step. A's spikes at even (row, column)
        // drive 4 outputs: step 0 (0,0), step 1 (2,2): 8 SOPs; the other four are skipped by the stride. B: 2 x 32
        // MACs.
        AssertSynapses(report.Layers[3], annMacs: 32, sops: 4, macs: 32, spikeInput: 0.5);

        // lif2: conv2 gives lif1's spikes / 16 to every position: 0.5 at step 0, 0.375 at step 1; the shortcut adds
        // 1 at (0,0) on step 0 and at (1,1) on step 1, in all 4 channels. Step 0: only (0,0) passes 0.5 (1.5): 4
        // spikes. Step 1: (0,0) was reset (0.375); (0,1), (1,0): 0.5 x 0.5 + 0.375 = 0.625; (1,1): 1.625: 12 spikes.
        AssertNeurons(report.Layers[4], count: 16, spikesPerStep: [4, 12], rate: 16.0 / 32, never: 0, always: 0);

        // head: 16 inputs x 3 outputs = 48 MACs per step; each of lif2's 16 spikes per sample drives 3 outputs.
        AssertSynapses(report.Layers[5], annMacs: 48, sops: 48, macs: 0, spikeInput: 1);

        var totals = report.Totals;
        Assert.Equal(32, totals.Neurons);
        Assert.Equal(30.0 / 64, totals.FiringRate, 12);
        Assert.Equal(8 + 224 + 4 + 48, totals.Sops, 9);
        Assert.Equal(144 + 32, totals.Macs, 9);
        Assert.Equal(144 + 576 + 32 + 48, totals.AnnMacs, 9);
        Assert.Equal(176 * 4.6 + 284 * 0.9, totals.SnnEnergyPicojoules, 9);
        Assert.Equal(800 * 4.6, totals.AnnEnergyPicojoules, 9);
        // 32 neurons x 2 steps, plain LIF: 1 MAC + 1 AC each.
        Assert.Equal(64, totals.NeuronUpdates, 9);
        Assert.Equal(64 * 5.5, totals.NeuronEnergyPicojoules, 9);
        Assert.Equal(64 * 5.5, totals.PlainLifNeuronEnergyPicojoules, 9);
    }

    private static void AssertSynapses(
        LayerStatistics layer,
        double annMacs,
        double sops,
        double macs,
        double spikeInput
    )
    {
        Assert.Null(layer.Neurons);
        var s = Assert.IsType<SynapseStatistics>(layer.Synapses);
        Assert.Equal(annMacs, s.AnnMacs, 9);
        Assert.Equal(sops, s.Sops, 9);
        Assert.Equal(macs, s.Macs, 9);
        Assert.Equal(spikeInput, s.SpikeInput, 9);
    }

    private static void AssertNeurons(
        LayerStatistics layer,
        long count,
        double[] spikesPerStep,
        double rate,
        double never,
        double always
    )
    {
        Assert.Null(layer.Synapses);
        var n = Assert.IsType<NeuronStatistics>(layer.Neurons);
        Assert.Equal(count, n.Count);
        Assert.Equal(spikesPerStep, n.SpikesPerStep);
        Assert.Equal(rate, n.FiringRate, 12);
        Assert.Equal(never, n.NeverFired, 12);
        Assert.Equal(always, n.AlwaysFired, 12);
        Assert.Equal(UpdateOperations.PlainLif, n.Update);
    }

    [Theory]
    [InlineData(CountingImplementation.Auto)]
    [InlineData(CountingImplementation.TensorOperations)]
    public void Counts_do_not_depend_on_the_batch_size(CountingImplementation implementation)
    {
        using var net = new HandCountedNet();
        var whole = Json(Report(Count(net, implementation, "ABAB")));
        Assert.Equal(whole, Json(Report(Count(net, implementation, "A", "B", "A", "B"))));
        Assert.Equal(whole, Json(Report(Count(net, implementation, "BA", "AB"))));
        Assert.Equal(whole, Json(Report(Count(net, implementation, "AAB", "B"))));
    }

    [Fact]
    public void Counts_of_two_ranks_combine_to_those_of_one_process()
    {
        using var net = new HandCountedNet();
        var rank1 = Count(net, "B", "A");
        var rank0 = Count(net, "AB");
        var combined = rank0.Combined(new OtherRankAdded(rank1.Layers.SelectMany(l => l.Values()).ToArray()));
        Assert.Equal(Json(Report(Count(net, "ABBA"))), Json(Report(combined)));
        // One process: nothing to combine.
        Assert.Same(rank0, rank0.Combined(SingleProcess.Instance));
    }

    /// <summary>Rank 0 of two, the other rank's counts given: an all-reduce adds them to ours.</summary>
    private sealed class OtherRankAdded(double[] other) : ICollectives
    {
        public int Rank => 0;
        public int WorldSize => 2;
        public string Backend => "test";

        public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
        {
            Assert.Equal(ReduceOp.Sum, op);
            using var values = torch.tensor(other, float64);
            tensor.add_(values);
        }

        public void Broadcast(Tensor tensor, int root = 0) => throw new NotSupportedException();

        public void Barrier() => throw new NotSupportedException();

        public void Dispose() { }
    }

    [Fact]
    public void Statistics_install_nothing_outside_a_pass_and_change_no_output()
    {
        using var net = new HandCountedNet();
        using var x = HandCountedNet.Input("AB");
        Assert.Null(LayerObservation.Current);
        using var plain = net.call(x);

        var statistics = SpikeStatisticsRecorder.Begin(net, HandCountedNet.TimeSteps);
        Assert.Same(statistics, LayerObservation.Current);
        using (var observed = net.call(x))
            Assert.True(plain.allclose(observed, 0, 0));
        statistics.End();
        Assert.Null(LayerObservation.Current);
        // The neuron hooks are gone too: their counters are disposed, and a pass that reached one would fail.
        using (var after = net.call(x))
            Assert.True(plain.allclose(after, 0, 0));
        Assert.Throws<InvalidOperationException>(() => statistics.End());

        // Disposed without End (an exception mid-pass): the same.
        using (SpikeStatisticsRecorder.Begin(net, HandCountedNet.TimeSteps))
            Assert.NotNull(LayerObservation.Current);
        Assert.Null(LayerObservation.Current);
        using var last = net.call(x);
    }

    [Fact]
    public void Spikes_with_another_number_of_steps_are_an_error_naming_the_layer()
    {
        using var net = new HandCountedNet();
        using var statistics = SpikeStatisticsRecorder.Begin(net, timeSteps: 3);
        using var x = HandCountedNet.Input("A");
        var error = Assert.Throws<ArgumentException>(() => net.call(x));
        Assert.Contains("lif1", error.Message);
        Assert.Contains("T=3", error.Message);
    }

    [Fact]
    public void The_table_lists_every_layer_and_the_energy()
    {
        using var net = new HandCountedNet();
        var text = SpikeStatisticsTable.Format(Report(Count(net, "AB")));
        var lines = text.Split('\n');
        Assert.Equal("spike statistics: 2 samples, T = 2, numbers per sample", lines[0]);
        Assert.Matches(@"^layer\s+kind\s+neurons\s+firing rate\s+never\s+always\s+SOPs\s+MACs$", lines[1]);
        Assert.Matches(@"^stem\.0\s+conv 3x3 s2 g2\s+8\s+144$", lines[2]);
        Assert.Matches(@"^lif1\s+LIF\s+16\s+0\.4375\s+37\.5%\s+25\.0%$", lines[3]);
        Assert.Matches(@"^conv2\.0\s+conv 3x3\s+224\s+0$", lines[4]);
        Assert.Matches(@"^total\s+32\s+0\.4688\s+284\s+176$", lines[8]);
        Assert.Contains("SNN: 176 MACs x E_MAC + 284 SOPs x E_AC = 1.065 nJ", text);
        Assert.Contains("ANN (the same network, T = 1): 800 MACs x E_MAC = 3.680 nJ; SNN / ANN = 0.289", text);
        Assert.Contains(
            "neuron updates: 64 (neurons x T): 352.000 pJ for these neurons, 352.000 pJ for plain "
                + "LIF neurons (1.000 x)",
            text
        );
        Assert.Equal(
            ["spikes/lif1/firing_rate", "spikes/lif2/firing_rate"],
            Report(Count(net, "AB")).FiringRateScalars().Select(s => s.Tag)
        );
    }

    [Fact]
    public void A_glif_update_costs_two_macs_and_two_acs_against_a_plain_lifs_one_and_one()
    {
        // 2 channels of 2x2 neurons, 2 steps: 16 updates per sample.
        using var net = nn.Sequential(
            ("glif", new ChannelWiseGlif(2, new GlifSettings(2, GlifSettings.DefaultGates, SoftMode: true)))
        );
        using var statistics = SpikeStatisticsRecorder.Begin(net, 2);
        using (no_grad())
        using (var x = ones([2, 3, 2, 2, 2]))
        using (var spikes = net.call(x)) { }
        var report = Report(statistics.End());
        var layer = Assert.Single(report.Layers);
        Assert.Equal(("glif", "GLIF channel-wise"), (layer.Layer, layer.Kind));
        Assert.Equal(new UpdateOperations(2, 2), layer.Neurons!.Update);
        Assert.Equal(16, report.Totals.NeuronUpdates, 9);
        Assert.Equal(16 * (2 * 4.6 + 2 * 0.9), report.Totals.NeuronEnergyPicojoules, 9);
        Assert.Equal(16 * (4.6 + 0.9), report.Totals.PlainLifNeuronEnergyPicojoules, 9);
    }

    [Fact]
    public void A_read_out_that_runs_once_per_sample_counts_its_operations_once()
    {
        // The CIFAR10-DVS read-out: a linear layer on the mean over T, [B, features], run through LayerCall directly.
        var linear = nn.Linear(6, 2);
        using var net = nn.Sequential(("out", linear));
        using var statistics = SpikeStatisticsRecorder.Begin(net, timeSteps: 4);
        using (no_grad())
        {
            using var mean = full([3, 6], 0.25);
            LayerCall.Run(linear, mean).Dispose();
            using var spikes = ones([1, 6]);
            LayerCall.Run(linear, spikes).Dispose();
        }
        var layer = Assert.Single(Report(statistics.End()).Layers);
        Assert.Equal("out", layer.Layer);
        // 6 x 2 = 12 MACs per sample, not x 4 steps; 3 of 4 samples are not spikes (12 MACs each); the fourth's 6
        // spikes drive 2 outputs each.
        AssertSynapses(layer, annMacs: 12, sops: 12.0 / 4, macs: 3 * 12.0 / 4, spikeInput: 0.25);
    }

    [Fact]
    public void Energy_figures_are_options_and_reject_nonsense()
    {
        using var net = new HandCountedNet();
        var report = SpikeStatisticsReport.From(Count(net, "AB"), EnergyModel.Of(3.1, 0.1));
        Assert.Equal(176 * 3.1 + 284 * 0.1, report.Totals.SnnEnergyPicojoules, 9);
        Assert.Equal(800 * 3.1, report.Totals.AnnEnergyPicojoules, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyModel.Of(-1, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyModel.Of(4.6, double.NaN));
    }
}
