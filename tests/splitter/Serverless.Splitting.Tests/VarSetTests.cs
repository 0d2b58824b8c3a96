using CsCheck;
using Serverless.Splitting.Analysis;

namespace Serverless.Splitting.Tests;

/// <summary>
/// The flow walk's variable set (sparse, sorted) against a <see cref="SortedSet{T}"/> model: membership, order,
/// meet (intersection, unreachable neutral), join (union, unreachable absorbing) and independent copies.
/// </summary>
public class VarSetTests
{
    private const int Capacity = 300;

    private static readonly Gen<int[]> Members = Gen.Int[0, Capacity - 1].Array[0, 40];

    private static VarSet Of(IEnumerable<int> members)
    {
        var set = new VarSet(Capacity);
        foreach (var m in members)
        {
            set.Add(m);
        }

        return set;
    }

    [Fact]
    public void AddRemove_RandomSequences_MatchSortedSet()
    {
        Gen.Select(Gen.Int[0, Capacity - 1], Gen.Bool).Array[0, 120].Sample(ops =>
        {
            var set = new VarSet(Capacity);
            var model = new SortedSet<int>();
            foreach (var (v, add) in ops)
            {
                if (add)
                {
                    set.Add(v);
                    model.Add(v);
                }
                else
                {
                    set.Remove(v);
                    model.Remove(v);
                }
            }

            Assert.Equal(model, set.Members());
            Assert.Equal(model.Count, set.Count);
            for (var v = 0; v < Capacity; v++)
            {
                Assert.Equal(model.Contains(v), set.Contains(v));
                Assert.Equal(model.Contains(v), set.ContainsBit(v));
            }
        });
    }

    [Fact]
    public void MeetJoin_ReachableStates_AreIntersectionAndUnion()
    {
        Gen.Select(Members, Members).Sample((a, b) =>
        {
            var meet = VarSet.Meet(Of(a), Of(b));
            var join = VarSet.Join(Of(a), Of(b));
            Assert.Equal(new SortedSet<int>(a.Intersect(b)), meet.Members());
            Assert.Equal(new SortedSet<int>(a.Union(b)), join.Members());
            Assert.False(meet.Unreachable);
            Assert.False(join.Unreachable);
        });
    }

    [Fact]
    public void MeetJoin_UnreachableOperand_IsNeutralForMeetAndAbsorbsJoin()
    {
        Members.Sample(a =>
        {
            var unreachable = VarSet.UnreachableOf(Capacity);
            Assert.Equal(new SortedSet<int>(a), VarSet.Meet(unreachable, Of(a)).Members());
            Assert.Equal(new SortedSet<int>(a), VarSet.Meet(Of(a), unreachable).Members());
            Assert.True(VarSet.Join(Of(a), unreachable).Unreachable);
            Assert.True(VarSet.Join(unreachable, Of(a)).Unreachable);
            Assert.All(Enumerable.Range(0, Capacity), v => Assert.True(unreachable.Contains(v)));
        });
    }

    [Fact]
    public void Clone_ThenChangeEither_OtherUnchanged()
    {
        Gen.Select(Members, Gen.Int[0, Capacity - 1]).Sample((a, extra) =>
        {
            var original = Of(a);
            var copy = original.Clone();
            copy.Add(extra);
            original.Remove(extra);
            Assert.Equal(new SortedSet<int>(a.Where(v => v != extra)), original.Members());
            Assert.Equal(new SortedSet<int>(a.Append(extra)), copy.Members());
            var meet = VarSet.Meet(original, copy);
            meet.Add(extra);
            Assert.False(original.ContainsBit(extra));
        });
    }
}
