using System.Collections.Concurrent;

namespace GatedLif.Cli.Launching;

/// <summary>
/// The process-manager side of the PMI-1 wire protocol (Flux RFC 13 "Simple Process Manager Interface v1"; the
/// replies are those of MPICH's Hydra), for the ranks of every node, which connect through PMI_PORT. Written by
/// hand because no package implements a PMI server; it is only MPICH's rendezvous (its key-value space, barrier
/// and node map), the data itself moves through MPICH (UCX).
/// </summary>
public sealed class PmiServer(LaunchOptions options)
{
    // Hydra's limits; MPICH splits longer values itself.
    private const int KvsNameMax = 256,
        KeyMax = 64,
        ValueMax = 1024;
    private const string ProcessMappingKey = "PMI_process_mapping";

    private readonly string _kvsName = $"kvs_{Environment.ProcessId}_0";
    private readonly ConcurrentDictionary<string, string> _values = new();
    private readonly List<LineConnection> _inBarrier = [];
    private readonly HashSet<int> _connected = [];

    /// <summary>
    /// Serves one rank, whose first line was <c>cmd=initack pmiid=N</c>, until it finalizes or disconnects. A PMI id
    /// without this job's token, or of a rank already connected, is turned away (<paramref name="refuse"/> says why)
    /// and nothing of the job is touched.
    /// </summary>
    public async Task ServeAsync(LineConnection rank, WireLine initack, Action<string> refuse)
    {
        if (initack.GetInt("pmiid") is not { } id || options.JobToken.RankOf(id, options.WorldSize) is not { } pmiId)
        {
            refuse("its PMI id does not carry this job's token (a rank of another job on this port, or a stranger)");
            return;
        }
        lock (_connected)
        {
            if (!_connected.Add(pmiId))
            {
                refuse($"rank {pmiId} is already connected");
                return;
            }
        }
        rank.Send($"cmd=initack\ncmd=set size={options.WorldSize}\ncmd=set rank={pmiId}\ncmd=set debug=0");
        while (await rank.ReadLineAsync() is { } text)
        {
            var line = WireLine.Parse(text);
            if (line.Command == "finalize")
            {
                rank.Send("cmd=finalize_ack");
                return;
            }
            if (Reply(rank, line, pmiId) is { } reply)
                rank.Send(reply);
        }
    }

    private string? Reply(LineConnection rank, WireLine line, int pmiId) =>
        line.Command switch
        {
            "init" => line.GetInt("pmi_version") == 1
                ? "cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0"
                : "cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=-1",
            "get_maxes" => WireLine.Format(
                "maxes",
                ("kvsname_max", KvsNameMax),
                ("keylen_max", KeyMax),
                ("vallen_max", ValueMax)
            ),
            "get_appnum" => "cmd=appnum appnum=0",
            "get_my_kvsname" => $"cmd=my_kvsname kvsname={_kvsName}",
            "get_universe_size" => $"cmd=universe_size size={options.WorldSize}",
            "put" => Put(line),
            "get" => Get(line.Get("key") ?? ""),
            "barrier_in" => EnterBarrier(rank),
            "abort" => Abort(line, pmiId),
            _ => Unsupported(line, pmiId),
        };

    private string Put(WireLine line)
    {
        if (line.Get("key") is not { Length: > 0 } key)
            return "cmd=put_result rc=-1 msg=no_key";
        _values[key] = line.Get("value") ?? "";
        return "cmd=put_result rc=0 msg=success";
    }

    private string Get(string key)
    {
        // Ranks numbered node by node: MPICH learns from this which ranks share a node (and its shared memory).
        string? value =
            key == ProcessMappingKey
                ? $"(vector,(0,{options.Nnodes},{options.NprocPerNode}))"
                : _values.GetValueOrDefault(key);
        return value is null
            ? $"cmd=get_result rc=-1 msg=key_{key}_not_found value=unknown"
            : $"cmd=get_result rc=0 msg=success value={value}";
    }

    /// <summary>Answers nobody until every rank of every node has entered, then all at once.</summary>
    private string? EnterBarrier(LineConnection rank)
    {
        LineConnection[] released;
        lock (_inBarrier)
        {
            _inBarrier.Add(rank);
            if (_inBarrier.Count < options.WorldSize)
                return null;
            released = [.. _inBarrier];
            _inBarrier.Clear();
        }
        foreach (var waiting in released)
            waiting.Send("cmd=barrier_out");
        return null;
    }

    private static string? Abort(WireLine line, int pmiId)
    {
        // The rank exits after this; its launcher then stops the job and reports the exit.
        Console.Error.WriteLine(
            $"gatedlif launch: rank {pmiId} called MPI_Abort (exit code {line.Get("exitcode") ?? "?"})"
        );
        return null;
    }

    private static string Unsupported(WireLine line, int pmiId)
    {
        Console.Error.WriteLine(
            $"gatedlif launch: rank {pmiId} asked for PMI command '{line.Command}', which this "
                + $"launcher does not support"
        );
        return WireLine.Format($"{line.Command}_result", ("rc", -1), ("msg", "unsupported_by_gatedlif_launch"));
    }
}
