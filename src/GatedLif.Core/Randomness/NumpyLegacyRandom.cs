namespace GatedLif.Randomness;

/// <summary>
/// NumPy's legacy global generator (<c>np.random.seed</c>, RandomState: MT19937) for the draws the reference makes
/// with NumPy, written out here because neither .NET nor TorchSharp exposes MT19937's raw words with NumPy's seeding
/// and bounded-integer method. Seeding is MT19937's <c>init_genrand</c> (NumPy's <c>mt19937_seed</c> for an integer
/// seed); <see cref="Permutation"/> is RandomState's shuffle of <c>arange(n)</c>, which <c>choice(n, k,
/// replace=False)</c> takes the first k of; <see cref="Rand"/> is <c>np.random.rand(n)</c>.
/// </summary>
public sealed class NumpyLegacyRandom
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private readonly uint[] state = new uint[StateLength];
    private int position = StateLength;

    public NumpyLegacyRandom(uint seed)
    {
        state[0] = seed;
        for (int i = 1; i < StateLength; i++)
            state[i] = unchecked(1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i);
    }

    /// <summary>The next raw 32-bit word (<c>random_raw</c>).</summary>
    public uint NextUInt32()
    {
        if (position >= StateLength)
            Twist();
        uint y = state[position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        return y ^ (y >> 18);
    }

    /// <summary>NumPy's <c>random_standard_uniform</c> (legacy <c>random_sample</c>): a 53-bit double from two words,
    /// the first's top 27 bits and the second's top 26.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5,
            b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>np.random.rand(n)</c>: n doubles in [0, 1), in order.</summary>
    public double[] Rand(int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = NextDouble();
        return values;
    }

    /// <summary>NumPy's <c>random_interval(max)</c>: uniform in 0..max by masking 32-bit words and rejecting those
    /// above max.</summary>
    public int NextInterval(int max)
    {
        if (max == 0)
            return 0;
        uint mask = (uint)max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > (uint)max) { }
        return (int)value;
    }

    /// <summary><c>np.random.permutation(n)</c>: arange(n) shuffled from the last position down.</summary>
    public int[] Permutation(int n)
    {
        var values = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInterval(i);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return values;
    }

    private void Twist()
    {
        for (int i = 0; i < StateLength; i++)
        {
            uint y = (state[i] & 0x80000000u) | (state[(i + 1) % StateLength] & 0x7FFFFFFFu);
            state[i] = state[(i + Shift) % StateLength] ^ (y >> 1) ^ ((y & 1u) * 0x9908B0DFu);
        }
        position = 0;
    }
}
