using System;
using System.Collections.Generic;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// A set of variable ordinals, and the definite-assignment state of the walker: <see cref="Unreachable"/> is the
/// top of the lattice (every variable is definitely assigned in unreachable code).
/// </summary>
/// <remarks>
/// Sparse (a sorted array of the members): a statement touches a handful of the method's variables, and the walker
/// copies its state at every branch, so copies must cost what the set holds, not what the method declares.
/// </remarks>
internal sealed class VarSet
{
    private static readonly int[] s_none = [];
    private readonly int _capacity;
    private int[] _items;
    private int _count;

    public VarSet(int count)
        : this(count, s_none, 0, false)
    {
    }

    private VarSet(int capacity, int[] items, int count, bool unreachable)
    {
        _capacity = capacity;
        _items = items;
        _count = count;
        Unreachable = unreachable;
    }

    public bool Unreachable { get; private set; }

    public static VarSet UnreachableOf(int count) => new(count, s_none, 0, true);

    public VarSet Clone() => new(_capacity, Copy(_items, _count), _count, Unreachable);

    public bool Contains(int i) => Unreachable || IndexOf(i) >= 0;

    public bool ContainsBit(int i) => IndexOf(i) >= 0;

    public void Add(int i)
    {
        var at = IndexOf(i);
        if (at >= 0)
        {
            return;
        }

        at = ~at;
        if (_count == _items.Length)
        {
            var grown = new int[Math.Max(4, _count * 2)];
            Array.Copy(_items, grown, _count);
            _items = grown;
        }

        Array.Copy(_items, at, _items, at + 1, _count - at);
        _items[at] = i;
        _count++;
    }

    public void Remove(int i)
    {
        var at = IndexOf(i);
        if (at < 0)
        {
            return;
        }

        Array.Copy(_items, at + 1, _items, at, _count - at - 1);
        _count--;
    }

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

        var items = new int[Math.Min(a._count, b._count)];
        int i = 0, j = 0, n = 0;
        while (i < a._count && j < b._count)
        {
            var x = a._items[i];
            var y = b._items[j];
            if (x == y)
            {
                items[n++] = x;
                i++;
                j++;
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return new VarSet(a._capacity, n == 0 ? s_none : items, n, false);
    }

    /// <summary>Both effects happen (try then finally): union; unreachable absorbs.</summary>
    public static VarSet Join(VarSet a, VarSet b)
    {
        if (a.Unreachable || b.Unreachable)
        {
            return UnreachableOf(a._capacity);
        }

        var items = new int[a._count + b._count];
        int i = 0, j = 0, n = 0;
        while (i < a._count || j < b._count)
        {
            if (j == b._count || (i < a._count && a._items[i] < b._items[j]))
            {
                items[n++] = a._items[i++];
            }
            else if (i == a._count || b._items[j] < a._items[i])
            {
                items[n++] = b._items[j++];
            }
            else
            {
                items[n++] = a._items[i++];
                j++;
            }
        }

        return new VarSet(a._capacity, n == 0 ? s_none : items, n, false);
    }

    public void MarkUnreachable() => Unreachable = true;

    /// <summary>Set members (ignores <see cref="Unreachable"/>), ascending.</summary>
    public IEnumerable<int> Members()
    {
        for (var k = 0; k < _count; k++)
        {
            yield return _items[k];
        }
    }

    /// <summary>Number of members (ignores <see cref="Unreachable"/>).</summary>
    public int Count => _count;

    public override string ToString() => Unreachable ? "{unreachable}" : "{" + string.Join(",", Members()) + "}";

    public static VarSet Empty(int count) => new(count);

    public int Capacity => _capacity;

    public void Clear() => _count = 0;

    private int IndexOf(int i) => _count == 0 ? -1 : Array.BinarySearch(_items, 0, _count, i);

    private static int[] Copy(int[] items, int count)
    {
        if (count == 0)
        {
            return s_none;
        }

        var copy = new int[count];
        Array.Copy(items, copy, count);
        return copy;
    }
}
