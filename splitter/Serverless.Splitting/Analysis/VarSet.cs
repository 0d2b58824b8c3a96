using System;
using System.Collections.Generic;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// A set of variable ordinals, and the definite-assignment state of the walker: <see cref="Unreachable"/> is the
/// top of the lattice (every variable is definitely assigned in unreachable code).
/// </summary>
internal sealed class VarSet
{
    private readonly ulong[] _bits;

    public VarSet(int count)
    {
        _bits = new ulong[(count + 63) / 64];
    }

    private VarSet(ulong[] bits, bool unreachable)
    {
        _bits = bits;
        Unreachable = unreachable;
    }

    public bool Unreachable { get; private set; }

    public static VarSet UnreachableOf(int count) => new(new ulong[(count + 63) / 64], true);

    public VarSet Clone() => new((ulong[])_bits.Clone(), Unreachable);

    public bool Contains(int i) => Unreachable || (_bits[i >> 6] & (1UL << (i & 63))) != 0;

    public bool ContainsBit(int i) => (_bits[i >> 6] & (1UL << (i & 63))) != 0;

    public void Add(int i) => _bits[i >> 6] |= 1UL << (i & 63);

    public void Remove(int i) => _bits[i >> 6] &= ~(1UL << (i & 63));

    /// <summary>Meet of two flow states (both paths reach this point): intersection; unreachable is neutral.</summary>
    public static VarSet Meet(VarSet a, VarSet b)
    {
        if (a.Unreachable)
        {
            return b.Clone();
        }

        if (b.Unreachable)
        {
            return a.Clone();
        }

        var r = a.Clone();
        for (var k = 0; k < r._bits.Length; k++)
        {
            r._bits[k] &= b._bits[k];
        }

        return r;
    }

    /// <summary>Both effects happen (try then finally): union; unreachable absorbs.</summary>
    public static VarSet Join(VarSet a, VarSet b)
    {
        if (a.Unreachable || b.Unreachable)
        {
            return UnreachableOf(a._bits.Length * 64);
        }

        var r = a.Clone();
        for (var k = 0; k < r._bits.Length; k++)
        {
            r._bits[k] |= b._bits[k];
        }

        return r;
    }

    public void MarkUnreachable() => Unreachable = true;

    /// <summary>Set members (ignores <see cref="Unreachable"/>), ascending.</summary>
    public IEnumerable<int> Members()
    {
        for (var k = 0; k < _bits.Length; k++)
        {
            var w = _bits[k];
            while (w != 0)
            {
                var bit = TrailingZeros(w);
                yield return (k * 64) + bit;
                w &= w - 1;
            }
        }
    }

    private static int TrailingZeros(ulong w)
    {
        var n = 0;
        while ((w & 1) == 0)
        {
            w >>= 1;
            n++;
        }

        return n;
    }

    public override string ToString() => Unreachable ? "{unreachable}" : "{" + string.Join(",", Members()) + "}";

    public static VarSet Empty(int count) => new(count);

    public int Capacity => _bits.Length * 64;

    public void Clear() => Array.Clear(_bits, 0, _bits.Length);
}
