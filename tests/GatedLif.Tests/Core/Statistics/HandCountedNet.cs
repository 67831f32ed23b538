using GatedLif.Layers;
using GatedLif.Neurons;
using GatedLif.Statistics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GatedLif.Tests.Core.Statistics;

/// <summary>
/// A residual spiking block small enough to count by hand, on [T = 2, B, 2, 4, 4] input:
/// <code>
/// s1 = lif1(stem(x))                     stem: 3x3 conv, stride 2, padding 1, 2 groups, 2→4 channels, weights 1
/// y  = lif2(conv2(s1) + shortcut(x))     conv2: 3x3, padding 1, 4→4, weights 1/16;
///                                        shortcut: 1x1, stride 2, 2→4, weights 1
/// out = head(y flattened)                head: linear 16→3, weights 1
/// </code>
/// with plain LIF neurons (τ = 0.5, Vth = 0.5). Every value is a multiple of 1/16, so every float is exact.
/// </summary>
internal sealed class HandCountedNet : nn.Module<Tensor, Tensor>
{
    public const int TimeSteps = 2;

    private readonly TimeDistributed stem,
        conv2,
        shortcut,
        head;
    private readonly PlainLif lif1,
        lif2;

    public HandCountedNet()
        : base(nameof(HandCountedNet))
    {
        stem = new TimeDistributed(Filled(nn.Conv2d(2, 4, 3, stride: 2, padding: 1, groups: 2, bias: false), 1));
        lif1 = new PlainLif(0.5, 0.5);
        conv2 = new TimeDistributed(Filled(nn.Conv2d(4, 4, 3, padding: 1, bias: false), 1.0 / 16));
        shortcut = new TimeDistributed(Filled(nn.Conv2d(2, 4, 1, stride: 2, bias: false), 1));
        lif2 = new PlainLif(0.5, 0.5);
        var linear = nn.Linear(16, 3, hasBias: false);
        using (no_grad())
            linear.weight!.fill_(1);
        head = new TimeDistributed(linear);
        register_module(nameof(stem), stem);
        register_module(nameof(lif1), lif1);
        register_module(nameof(conv2), conv2);
        register_module(nameof(shortcut), shortcut);
        register_module(nameof(lif2), lif2);
        register_module(nameof(head), head);
    }

    private static Conv2d Filled(Conv2d conv, double value)
    {
        using (no_grad())
            conv.weight!.fill_(value);
        return conv;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var s1 = lif1.call(stem.call(x));
        var y = lif2.call(conv2.call(s1) + shortcut.call(x));
        return head.call(y.flatten(2)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A batch of samples named 'A' and 'B'. A is spikes: at step 0 on channel 0 at (0,0) and (3,3) and on channel 1
    /// at (1,2); at step 1 on channel 1 at (2,2), (3,1) and (0,3). B is A with 0.5 at step 0, channel 0, (1,1), so it
    /// is not spikes.
    /// </summary>
    public static Tensor Input(string samples)
    {
        int n = samples.Length;
        var x = new float[TimeSteps * n * 2 * 4 * 4];
        void Set(int t, int b, int c, int i, int j, float v) => x[(((t * n + b) * 2 + c) * 4 + i) * 4 + j] = v;
        for (int b = 0; b < n; b++)
        {
            Set(0, b, 0, 0, 0, 1);
            Set(0, b, 0, 3, 3, 1);
            Set(0, b, 1, 1, 2, 1);
            Set(1, b, 1, 2, 2, 1);
            Set(1, b, 1, 3, 1, 1);
            Set(1, b, 1, 0, 3, 1);
            if (samples[b] == 'B')
                Set(0, b, 0, 1, 1, 0.5f);
        }
        return tensor(x, [TimeSteps, n, 2, 4, 4]);
    }

    /// <summary>The report of one pass over samples A and B, at the default energy figures.</summary>
    public static SpikeStatisticsReport CountedReport()
    {
        using var net = new HandCountedNet();
        using var statistics = SpikeStatisticsRecorder.Begin(net, TimeSteps);
        using (no_grad())
        using (var x = Input("AB"))
            net.call(x).Dispose();
        return SpikeStatisticsReport.From(statistics.End(), EnergyModel.Horowitz45nm);
    }
}
