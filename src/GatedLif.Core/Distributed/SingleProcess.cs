using static TorchSharp.torch;

namespace GatedLif.Distributed;

/// <summary>A world of one: every collective is the identity, so the training loop needs no special case.</summary>
public sealed class SingleProcess : ICollectives
{
    public static readonly SingleProcess Instance = new();

    private SingleProcess() { }

    public int Rank => 0;
    public int WorldSize => 1;
    public string Backend => "single process";

    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum) { }

    public void Broadcast(Tensor tensor, int root = 0) { }

    public void Barrier() { }

    public void Dispose() { }
}
