using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GatedLif.Cli.Launching;

/// <summary>
/// Who may join a job on node 0's master port: every rank and every node presents a number or proof derived from
/// one per-job secret, and a connection that presents another is turned away without touching the job. On one node
/// the secret is drawn at random, so nothing needs configuring. Nodes of a multi-node job must share it: each
/// launcher reads it from <see cref="Variable"/>; without it they agree on one derived from the job's own settings,
/// which keeps a second job with other settings apart but not a stranger who knows them (node 0 says so).
/// Ranks carry it in PMI_ID, which MPICH's client sends back as a 31-bit integer (<c>cmd=initack pmiid=%d</c>), so
/// that part of the proof is a 31-bit number: <c>rank + world size x nonce</c>, the nonce drawn from the secret.
/// </summary>
public sealed class JobToken
{
    public const string Variable = "GATEDLIF_JOB_TOKEN";

    private readonly byte[] _digest;

    private JobToken(byte[] digest, bool isSecret)
    {
        _digest = digest;
        IsSecret = isSecret;
    }

    /// <summary>Whether a stranger cannot know it (false for a multi-node job without <see
    /// cref="Variable"/>).</summary>
    public bool IsSecret { get; }

    public static JobToken For(int nnodes, string masterAddr, int masterPort, int nprocPerNode)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } shared)
            return new JobToken(SHA256.HashData(Encoding.UTF8.GetBytes(shared)), isSecret: true);
        if (nnodes == 1)
            return new JobToken(RandomNumberGenerator.GetBytes(32), isSecret: true);
        return new JobToken(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{masterAddr}:{masterPort}/{nnodes}x{nprocPerNode}")),
            isSecret: false
        );
    }

    /// <summary>What a node's launcher presents in its hello: a hash of the secret, not the secret.</summary>
    public string NodeProof => Convert.ToHexStringLower(SHA256.HashData([.. "node_hello"u8, .. _digest]));

    /// <summary>The PMI_ID of <paramref name="rank"/>.</summary>
    public int PmiId(int rank, int worldSize) => rank + worldSize * Nonce(worldSize);

    /// <summary>The rank a PMI id names, or null when it does not carry this job's nonce.</summary>
    public int? RankOf(int pmiId, int worldSize) =>
        pmiId >= 0 && pmiId / worldSize == Nonce(worldSize) ? pmiId % worldSize : null;

    // In 1..(int.MaxValue - worldSize) / worldSize, so that every rank's id fits in a non-negative int.
    private int Nonce(int worldSize) =>
        1
        + (int)(
            BinaryPrimitives.ReadUInt32LittleEndian(_digest) % (uint)Math.Max(1, (int.MaxValue - worldSize) / worldSize)
        );
}
