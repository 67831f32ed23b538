using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using GatedLif.Cli.CommandLine;
using GatedLif.Cli.Launching;

namespace GatedLif.Tests.Cli.Launching;

/// <summary>
/// Node 0's master port is open to anyone who can reach it. Loopback clients send it what a stranger might (endless
/// or oversized lines, garbage, nothing, another job's ranks and nodes) and every test then checks that a rank of the
/// job is still served and that the job heard nothing. Every wait is bounded.
/// </summary>
public sealed class MasterServerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly LaunchOptions options = new(
        NprocPerNode: 2,
        Nnodes: 2,
        NodeRank: 0,
        MasterAddr: "127.0.0.1",
        MasterPort: 0,
        Program: ["true"],
        Arguments: []
    );
    private readonly Channel<JobEvent> events = Channel.CreateUnbounded<JobEvent>();
    private readonly MasterServer server;

    public MasterServerTests() => server = MasterServer.Start(options, events.Writer);

    public void Dispose() => server.Dispose();

    private LineConnection Connect()
    {
        var client = new TcpClient();
        client.Connect("127.0.0.1", server.Port);
        return new LineConnection(client);
    }

    private static async Task<string?> Read(LineConnection connection)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await connection.ReadLineAsync(patience.Token);
    }

    /// <summary>Whether the server closed the connection (rather than answering) within the patience.</summary>
    private static async Task<bool> Closed(LineConnection connection) => await Read(connection) is null;

    /// <summary>A rank of this job connects and is told its size and rank: the port still works.</summary>
    private async Task AssertRankServed(int rank)
    {
        using var connection = Connect();
        Assert.True(connection.Send($"cmd=initack pmiid={options.JobToken.PmiId(rank, options.WorldSize)}"));
        Assert.Equal("cmd=initack", await Read(connection));
        Assert.Equal($"cmd=set size={options.WorldSize}", await Read(connection));
        Assert.Equal($"cmd=set rank={rank}", await Read(connection));
    }

    private void AssertJobHeardNothing() => Assert.False(events.Reader.TryRead(out var e), $"the job heard {e}");

    [Fact]
    public async Task An_endless_line_is_cut_off_and_the_port_keeps_serving()
    {
        using var stranger = new TcpClient();
        stranger.Connect("127.0.0.1", server.Port);
        var stream = stranger.GetStream();
        var chunk = Encoding.ASCII.GetBytes(new string('x', 8192));
        // Until the server closes the connection, or far past the line limit.
        try
        {
            for (int sent = 0; sent < 64 * LineConnection.MaxLineBytes; sent += chunk.Length)
                stream.Write(chunk);
        }
        catch (IOException) { }

        using var patience = new CancellationTokenSource(Patience);
        int read;
        try
        {
            read = await stream.ReadAsync(new byte[16], patience.Token);
        }
        catch (IOException)
        {
            read = 0;
        }
        Assert.Equal(0, read);
        await AssertRankServed(0);
        AssertJobHeardNothing();
    }

    [Theory]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("cmd=initack pmiid=banana")]
    [InlineData("cmd=initack pmiid=-5")]
    [InlineData("cmd=initack pmiid=0")]
    [InlineData("cmd=initack pmiid=99999999999999999999")]
    [InlineData("cmd=node_hello node_rank=1 nnodes=2 nproc_per_node=2")]
    [InlineData("\u0000\u0001\u0002 = == cmd= cmd")]
    public async Task A_malformed_or_unauthorised_first_line_is_turned_away(string line)
    {
        using var stranger = Connect();
        stranger.Send(line);

        // A hello without the token is answered with a stop, then closed; anything else is just closed.
        var answer = await Read(stranger);
        Assert.True(answer is null || answer.StartsWith("cmd=stop", StringComparison.Ordinal), answer);
        Assert.True(await Closed(stranger));
        await AssertRankServed(1);
        AssertJobHeardNothing();
    }

    [Fact]
    public async Task Silent_connections_do_not_keep_ranks_out()
    {
        var silent = Enumerable.Range(0, 20).Select(_ => Connect()).ToList();
        try
        {
            await AssertRankServed(0);
            await AssertRankServed(1);
            AssertJobHeardNothing();
        }
        finally
        {
            silent.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_second_connection_for_a_rank_already_served_is_turned_away()
    {
        using var rank = Connect();
        rank.Send($"cmd=initack pmiid={options.JobToken.PmiId(0, options.WorldSize)}");
        for (int i = 0; i < 4; i++)
            Assert.NotNull(await Read(rank));

        using var impostor = Connect();
        impostor.Send($"cmd=initack pmiid={options.JobToken.PmiId(0, options.WorldSize)}");
        Assert.True(await Closed(impostor));

        rank.Send("cmd=get_maxes");
        Assert.StartsWith("cmd=maxes", await Read(rank));
        AssertJobHeardNothing();
    }

    [Fact]
    public async Task An_oversized_line_from_a_rank_closes_only_that_rank()
    {
        using var rank = Connect();
        rank.Send($"cmd=initack pmiid={options.JobToken.PmiId(0, options.WorldSize)}");
        for (int i = 0; i < 4; i++)
            Assert.NotNull(await Read(rank));

        rank.Send("cmd=put key=k value=" + new string('v', 2 * LineConnection.MaxLineBytes));

        Assert.True(await Closed(rank));
        await AssertRankServed(1);
    }

    [Fact]
    public async Task A_node_of_this_job_with_other_settings_ends_the_job_with_the_reason()
    {
        using var node = Connect();
        node.Send($"cmd=node_hello node_rank=1 nnodes=2 nproc_per_node=3 token={options.JobToken.NodeProof}");

        Assert.StartsWith("cmd=stop", await Read(node));
        using var patience = new CancellationTokenSource(Patience);
        var heard = await events.Reader.ReadAsync(patience.Token);
        Assert.Equal(new JobEvent.NodeExited(1, "node 1 was started with --nproc-per-node 3, node 0 with 2"), heard);
    }

    [Fact]
    public async Task A_second_job_on_the_same_port_is_refused_by_name_and_the_first_keeps_serving()
    {
        var second = options with { MasterPort = server.Port };

        var error = Assert.Throws<UsageException>(() =>
            MasterServer.Start(second, Channel.CreateUnbounded<JobEvent>().Writer)
        );

        Assert.Contains($"--master-port {server.Port} cannot be used on node 0", error.Message);
        await AssertRankServed(0);
    }

    [Fact]
    public void Ranks_of_another_job_carry_another_token()
    {
        var other = JobToken.For(1, "127.0.0.1", 0, 2);
        var mine = JobToken.For(1, "127.0.0.1", 0, 2);

        Assert.Null(mine.RankOf(other.PmiId(1, 2), 2));
        Assert.Equal(1, mine.RankOf(mine.PmiId(1, 2), 2));
        Assert.NotEqual(mine.NodeProof, other.NodeProof);
    }
}
