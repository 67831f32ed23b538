using System.Runtime.InteropServices;
using System.Threading.Channels;
using GatedLif.Cli.Commands;

namespace GatedLif.Cli.Launching;

/// <summary>
/// One node's launcher: starts its ranks and ends the job as a whole. A rank that fails (non-zero exit or a
/// signal) makes every rank of every node stop (SIGTERM, then SIGKILL after a grace period), since the others
/// would wait forever inside MPI for it; the launcher reports which rank failed, how, and its last error lines.
/// SIGINT and SIGTERM are forwarded to the ranks; a second one kills them. Node 0 also serves the ranks' PMI
/// rendezvous and collects the other nodes' outcomes, and ends the job when a node has not joined within
/// --join-timeout (its ranks would wait for it in MPI's start-up forever); the exit code is 0 only when every rank
/// exited 0.
/// </summary>
public sealed class JobSupervisor(LaunchOptions options)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private const int ErrorLines = 10;

    private readonly Channel<JobEvent> _events = Channel.CreateUnbounded<JobEvent>();
    private readonly List<RankProcess> _ranks = [];
    private readonly HashSet<RankProcess> _running = [];
    private readonly Dictionary<int, NodeLink> _nodes = [];
    private readonly HashSet<int> _nodesDone = [];
    private NodeLink? _master;
    private string? _failure;
    private int? _signal;
    private bool _stopping;

    private bool IsNodeZero => options.NodeRank == 0;
    private string Here => options.Nnodes > 1 ? $" on node {options.NodeRank}" : "";

    public int Run()
    {
        using var server = IsNodeZero ? MasterServer.Start(options, _events.Writer) : null;
        _master = IsNodeZero ? null : NodeLink.Connect(options, _events.Writer);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            for (int local = 0; local < options.NprocPerNode; local++)
                Start(new RankEnvironment(options, local));
            if (IsNodeZero && options.Nnodes > 1)
                Task.Delay(TimeSpan.FromSeconds(options.JoinTimeoutSeconds))
                    .ContinueWith(_ => _events.Writer.TryWrite(new JobEvent.JoinDeadline()));
            while (!Finished())
                Handle(_events.Reader.ReadAsync().AsTask().GetAwaiter().GetResult());
            // A failure or interruption here was reported when it happened.
            if (!IsNodeZero && !_stopping)
                _master!.SendExit(null);
            return ExitCode();
        }
        finally
        {
            // After a stop, or when starting a rank failed: nothing of the job may outlive its launcher.
            if (_stopping || _running.Count > 0)
                foreach (var rank in _ranks)
                    rank.Signal(ProcessSignals.SigKill);
            foreach (var rank in _ranks)
                rank.Dispose();
            foreach (var link in _nodes.Values)
                link.Dispose();
            _master?.Dispose();
        }
    }

    private void Start(RankEnvironment environment)
    {
        var rank = RankProcess.Start(environment, options.Program, options.Arguments);
        _ranks.Add(rank);
        _running.Add(rank);
        rank.Exited.ContinueWith(
            t => _events.Writer.TryWrite(new JobEvent.RankExited(rank, t.Result)),
            TaskContinuationOptions.ExecuteSynchronously
        );
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _events.Writer.TryWrite(
            new JobEvent.SignalReceived(
                context.Signal == PosixSignal.SIGINT ? ProcessSignals.SigInt : ProcessSignals.SigTerm
            )
        );
    }

    /// <summary>Node 0 waits for every other node, so that its rendezvous outlives their ranks; the others only for
    /// their own.</summary>
    private bool Finished() =>
        _running.Count == 0 && (!IsNodeZero || _stopping || _nodesDone.Count == options.Nnodes - 1);

    private void Handle(JobEvent e)
    {
        switch (e)
        {
            case JobEvent.RankExited(var rank, var code):
                _running.Remove(rank);
                if (code != 0 && !_stopping)
                    Fail(RankFailure(rank, code));
                break;
            case JobEvent.SignalReceived(var signal):
                Interrupt(signal);
                break;
            case JobEvent.GraceOver:
                foreach (var rank in _running)
                    rank.Signal(ProcessSignals.SigKill);
                break;
            case JobEvent.JoinDeadline when !_stopping && _nodes.Count + _nodesDone.Count < options.Nnodes - 1:
                var missing = Enumerable
                    .Range(1, options.Nnodes - 1)
                    .Where(n => !_nodes.ContainsKey(n) && !_nodesDone.Contains(n));
                Fail(
                    $"node(s) {string.Join(", ", missing)} did not join within {options.JoinTimeoutSeconds} s "
                        + $"(--join-timeout)"
                );
                break;
            case JobEvent.NodeJoined(var link):
                _nodes[link.NodeRank] = link;
                if (_stopping)
                    link.SendStop(_failure ?? Interrupted());
                break;
            case JobEvent.NodeExited(var node, null):
                _nodesDone.Add(node);
                break;
            case JobEvent.NodeExited(var node, var failure):
                _nodesDone.Add(node);
                if (!_stopping)
                    Fail(failure);
                break;
            case JobEvent.StopRequested(var reason):
                if (!_stopping)
                    Fail(reason);
                break;
            case JobEvent.LinkLost(var node):
                if (!_stopping && !_nodesDone.Contains(node))
                    Fail(
                        IsNodeZero
                            ? $"lost the control connection to node {node}'s launcher"
                            : "lost the control connection to node 0's launcher"
                    );
                break;
        }
    }

    private string RankFailure(RankProcess rank, int code)
    {
        var env = rank.Rank;
        string where = options.Nnodes > 1 ? $" (node {options.NodeRank}, local rank {env.LocalRank})" : "";
        var lines = rank.LastErrorLines();
        string tail =
            lines.Count == 0
                ? "; it wrote nothing to stderr"
                : $"; its last stderr lines:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, lines.TakeLast(ErrorLines).Select(l => "  | " + l));
        return $"rank {env.Rank}{where} failed with {ProcessSignals.DescribeExit(code)}{tail}";
    }

    private string Interrupted() =>
        $"the job was interrupted by {ProcessSignals.Name(_signal ?? ProcessSignals.SigInt)}{Here}";

    /// <summary>The first failure ends the job: every rank here is asked to stop, and every other node is
    /// told.</summary>
    private void Fail(string failure)
    {
        _failure = failure;
        _stopping = true;
        Console.Error.WriteLine($"gatedlif launch: {failure}");
        Console.Error.WriteLine($"gatedlif launch: stopping all ranks{Here}");
        StopRanks(ProcessSignals.SigTerm);
        TellOtherNodes(failure);
    }

    private void Interrupt(int signal)
    {
        if (_stopping)
        {
            // A second Ctrl-C (or any signal while the ranks are already stopping): no more waiting.
            foreach (var rank in _running)
                rank.Signal(ProcessSignals.SigKill);
            return;
        }
        _signal = signal;
        _stopping = true;
        Console.Error.WriteLine(
            $"gatedlif launch: {ProcessSignals.Name(signal)} received, passed on to the ranks{Here} "
                + $"(again to kill them)"
        );
        foreach (var rank in _running)
            rank.Signal(signal);
        if (signal == ProcessSignals.SigTerm)
            KillAfterGrace();
        TellOtherNodes(Interrupted());
    }

    private void StopRanks(int signal)
    {
        foreach (var rank in _running)
            rank.Signal(signal);
        KillAfterGrace();
    }

    private void KillAfterGrace() =>
        Task.Delay(Grace).ContinueWith(_ => _events.Writer.TryWrite(new JobEvent.GraceOver()));

    private void TellOtherNodes(string reason)
    {
        if (IsNodeZero)
            foreach (var link in _nodes.Values)
                link.SendStop(reason);
        else
            _master!.SendExit(reason);
    }

    private int ExitCode() =>
        _signal is { } signal && _failure is null ? 128 + signal
        : _failure is not null ? GatedLifApp.Failure
        : 0;
}
