namespace GatedLif.Cli.Launching;

/// <summary>What a node's launcher reacts to, one at a time, in <see cref="JobSupervisor"/>.</summary>
public abstract record JobEvent
{
    public sealed record RankExited(RankProcess Rank, int ExitCode) : JobEvent;

    public sealed record SignalReceived(int Signal) : JobEvent;

    /// <summary>After SIGTERM was sent to the ranks: time to SIGKILL what is left.</summary>
    public sealed record GraceOver : JobEvent;

    /// <summary>Node 0: the time the other nodes' launchers had to connect is over.</summary>
    public sealed record JoinDeadline : JobEvent;

    /// <summary>Node 0: another node's launcher connected.</summary>
    public sealed record NodeJoined(NodeLink Link) : JobEvent;

    /// <summary>Node 0: another node's ranks have all ended (<paramref name="Failure"/> null when all exited
    /// 0).</summary>
    public sealed record NodeExited(int NodeRank, string? Failure) : JobEvent;

    /// <summary>Another node: node 0 ends the job.</summary>
    public sealed record StopRequested(string Reason) : JobEvent;

    /// <summary>The control connection to <paramref name="NodeRank"/> closed (node 0 seen from another node, or the
    /// reverse).</summary>
    public sealed record LinkLost(int NodeRank) : JobEvent;
}
