using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static Serverless.Splitting.Analysis.SharingRoots;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// Locals and parameters that may refer to one object, or to objects one of which holds the other (flow-insensitive,
/// over the whole method body, lambdas and local functions included). Same object: <c>b = a</c>, <c>b = c ? a : x</c>,
/// <c>b = F(a)</c> (a call may return its argument), <c>a is List&lt;int&gt; b</c>. Part of: <c>b = a.Items</c>,
/// <c>b = a[i]</c>, <c>foreach (var b in a)</c>, <c>a.X = b</c>, <c>a[i] = b</c>, <c>a.Add(b)</c>,
/// <c>d.TryGetValue(k, out b)</c>, <c>a = new Holder(b)</c>. Sharing parts: <c>b = a.ToList()</c> (when the elements
/// can share state). Only values whose type can share mutable state take part (<see cref="SharingRoots"/>).
/// </summary>
/// <remarks>
/// A change of <c>v</c>'s own state (<c>v.X = 1</c>, <c>v[i] = x</c>, <c>v.Add(x)</c>) is seen through every variable
/// that is the same object or holds it; a change deeper inside (<c>v.Items.Add(x)</c>, <c>Helper(v)</c>) through every
/// variable that shares any object with <c>v</c>.
/// </remarks>
internal sealed class AliasClasses
{
    private readonly MethodContext _ctx;
    private readonly Dictionary<ISymbol, int> _nodes = new(SymbolEqualityComparer.Default);
    private readonly List<int> _parent = [];
    private readonly List<(int Part, int Holder)> _partOf = [];
    private readonly List<(ISymbol Root, Share Relation)> _roots = [];
    private readonly Dictionary<int, HashSet<int>> _below = [];
    private readonly Dictionary<(int, bool), List<int>> _affected = [];
    private List<int>[]? _holders;
    private List<int>[]? _parts;
    private Dictionary<int, List<int>>? _byClass;

    private AliasClasses(MethodContext ctx)
    {
        _ctx = ctx;
    }

    /// <summary>The relations of the method's body.</summary>
    public static AliasClasses Compute(MethodContext ctx, IEnumerable<IOperation?> statements)
    {
        var classes = new AliasClasses(ctx);
        foreach (var statement in statements)
        {
            if (statement is null)
            {
                continue;
            }

            foreach (var op in statement.DescendantsAndSelf())
            {
                classes.Visit(op);
            }
        }

        return classes;
    }

    /// <summary>
    /// The top-level variables (ordinals, ascending) through which a change of <paramref name="symbol"/>'s object is
    /// seen: its own state (<paramref name="deep"/> false) or anything inside it (true). Includes the symbol's own
    /// ordinal when it is top-level.
    /// </summary>
    public IReadOnlyList<int> Affected(ISymbol symbol, bool deep)
    {
        if (!_nodes.TryGetValue(symbol, out var node))
        {
            return _ctx.Ordinals.TryGetValue(symbol, out var self) ? [self] : [];
        }

        Build();
        var c = Find(node);
        if (_affected.TryGetValue((c, deep), out var known))
        {
            return known;
        }

        var result = new List<int>();
        if (!deep)
        {
            foreach (var h in Closure(c, _holders!))
            {
                AddMembers(result, h);
            }
        }
        else
        {
            var mine = Below(c);
            foreach (var other in _byClass!.Keys)
            {
                if (Below(other).Overlaps(mine))
                {
                    AddMembers(result, other);
                }
            }
        }

        result.Sort();
        _affected[(c, deep)] = result;
        return result;
    }

    private void Build()
    {
        if (_byClass is not null)
        {
            return;
        }

        var n = _parent.Count;
        _holders = new List<int>[n];
        _parts = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            _holders[i] = [];
            _parts[i] = [];
        }

        foreach (var (part, holder) in _partOf)
        {
            var p = Find(part);
            var h = Find(holder);
            if (p != h)
            {
                _holders[p].Add(h);
                _parts[h].Add(p);
            }
        }

        _byClass = [];
        foreach (var kv in _ctx.Ordinals)
        {
            if (_nodes.TryGetValue(kv.Key, out var node))
            {
                var c = Find(node);
                if (!_byClass.TryGetValue(c, out var list))
                {
                    _byClass[c] = list = [];
                }

                list.Add(kv.Value);
            }
        }
    }

    /// <summary>Everything a class holds, itself included.</summary>
    private HashSet<int> Below(int c)
    {
        if (!_below.TryGetValue(c, out var set))
        {
            set = Closure(c, _parts!);
            _below[c] = set;
        }

        return set;
    }

    private void AddMembers(List<int> into, int c)
    {
        if (_byClass!.TryGetValue(c, out var members))
        {
            into.AddRange(members);
        }
    }

    private static HashSet<int> Closure(int start, List<int>[] edges)
    {
        var seen = new HashSet<int> { start };
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            foreach (var next in edges[stack.Pop()])
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    private void Visit(IOperation op)
    {
        switch (op)
        {
            case IVariableDeclaratorOperation { Initializer: { } init } d:
                Bind(d.Symbol, init.Value);
                break;
            case ISimpleAssignmentOperation a:
                Assign(a.Target, a.Value);
                break;
            case ICoalesceAssignmentOperation ca:
                Assign(ca.Target, ca.Value);
                break;
            case IDeconstructionAssignmentOperation da:
                Assign(da.Target, da.Value);
                break;
            case IForEachLoopOperation fe:
                foreach (var l in fe.Locals)
                {
                    BindPart(l, fe.Collection);
                }

                break;
            case IIsPatternOperation ip:
                PatternLocals(ip.Pattern, ip.Value);
                break;
            case ISwitchExpressionOperation se:
                foreach (var arm in se.Arms)
                {
                    PatternLocals(arm.Pattern, se.Value);
                }

                break;
            case ISwitchOperation sw:
                foreach (var section in sw.Cases)
                {
                    foreach (var clause in section.Clauses)
                    {
                        if (clause is IPatternCaseClauseOperation pc)
                        {
                            PatternLocals(pc.Pattern, sw.Value);
                        }
                    }
                }

                break;
            case IInvocationOperation inv:
                Call(inv.TargetMethod, inv.Instance, inv.Arguments);
                break;
            case IObjectCreationOperation { Constructor: { } ctor } oc:
                Call(ctor, null, oc.Arguments);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// A BCL collection's mutating member (<c>a.Add(b)</c>) stores its arguments in the receiver; any other call that
    /// may change its receiver or an argument may store any argument anywhere: all the same object. <c>out</c>/<c>ref</c>
    /// arguments receive a part of the receiver (BCL collection) or anything the call sees.
    /// </summary>
    private void Call(IMethodSymbol method, IOperation? instance, IEnumerable<IArgumentOperation> arguments)
    {
        var collection = instance is not null && !method.IsStatic && instance.Type is { } t && KnownNonMutating.IsArgumentNonMutating(method, null)
            && t.TypeKind != TypeKind.TypeParameter;
        var mayStore = instance is not null && !method.IsStatic
            && !_ctx.IsNonMutating(method, instance.Type) && _ctx.Summaries.MayMutateReceiver(method);
        var receiver = new List<(ISymbol Root, Share Relation)>();
        if (instance is not null)
        {
            Collect(instance, Share.Same, receiver);
        }

        var args = new List<(ISymbol Root, Share Relation)>();
        var outs = new List<IOperation>();
        var lambdas = new List<IAnonymousFunctionOperation>();
        foreach (var a in arguments)
        {
            if (Lambda(a.Value) is { } lambda)
            {
                lambdas.Add(lambda);
            }

            if (a.Parameter?.RefKind is RefKind.Out or RefKind.Ref)
            {
                outs.Add(a.Value);
                if (a.Parameter.RefKind == RefKind.Out)
                {
                    continue;
                }
            }

            // Array.Copy, Array.Sort, CopyTo copy or move elements: arrays of values share nothing through them.
            if (KnownNonMutating.MovesElementsOnly(method) && Unconverted(a.Value).Type is IArrayTypeSymbol array && !KnownNonMutating.MayShareElements(array))
            {
                continue;
            }

            var before = args.Count;
            Collect(a.Value, Share.Same, args);
            if (!mayStore && args.Count > before && KnownNonMutating.CanBeMutatedThrough(a.Value.Type, a.Parameter?.RefKind is RefKind.In or RefKind.RefReadOnlyParameter)
                && _ctx.Summaries.MayMutateArgument(method, a.Parameter))
            {
                mayStore = true;
                collection = false;
            }
        }

        // list.ForEach(p => p.Age++), people.Where(p => ...): the callee hands the lambda parts of what it was given.
        foreach (var lambda in lambdas)
        {
            foreach (var parameter in lambda.Symbol.Parameters)
            {
                if (MayShare(parameter))
                {
                    foreach (var (r, rel) in receiver)
                    {
                        PartOf(Node(parameter), r, rel);
                    }

                    foreach (var (r, rel) in args)
                    {
                        PartOf(Node(parameter), r, rel);
                    }
                }
            }
        }

        if (collection)
        {
            // list.Add(b), d[k] = b, d.TryGetValue(k, out b): b is (becomes) a part of the receiver.
            foreach (var (holder, hr) in receiver)
            {
                if (mayStore)
                {
                    foreach (var (r, rel) in args)
                    {
                        Stored(holder, hr, r, rel);
                    }
                }

                foreach (var o in outs)
                {
                    foreach (var target in TargetSymbols(o))
                    {
                        if (MayShare(target))
                        {
                            PartOf(Node(target), holder, hr);
                        }
                    }
                }
            }

            return;
        }

        var all = new List<(ISymbol Root, Share Relation)>(receiver);
        all.AddRange(args);
        foreach (var o in outs)
        {
            foreach (var target in TargetSymbols(o))
            {
                if (MayShare(target))
                {
                    foreach (var (r, _) in all)
                    {
                        Union(Node(target), Node(r));
                    }
                }
            }
        }

        if (mayStore)
        {
            for (var i = 1; i < all.Count; i++)
            {
                Union(Node(all[0].Root), Node(all[i].Root));
            }
        }
    }

    /// <summary>A value with relation <paramref name="rel"/> to <paramref name="root"/> is stored inside the object of <paramref name="holder"/>.</summary>
    private void Stored(ISymbol holder, Share holderRel, ISymbol root, Share rel)
    {
        // The holder expression itself relates to its root by holderRel; only "the same" or "a part" keep the
        // stored value inside the root's object graph in a known direction.
        var h = Node(holder);
        if (holderRel is not (Share.Same or Share.Part))
        {
            Union(h, Node(root));
            return;
        }

        switch (rel)
        {
            case Share.Same:
            case Share.Container:
                // root is (inside) the stored value, which is now inside holder.
                _partOf.Add((Node(root), h));
                break;
            default:
                // The stored value is a part of root, or shares parts with it: root and holder share a part.
                var shared = NewNode();
                _partOf.Add((shared, Node(root)));
                _partOf.Add((shared, h));
                break;
        }
    }

    private void Assign(IOperation target, IOperation value)
    {
        switch (target)
        {
            case ILocalReferenceOperation l:
                Bind(l.Local, value);
                break;
            case IParameterReferenceOperation p:
                Bind(p.Parameter, value);
                break;
            case IDeclarationExpressionOperation d:
                Assign(d.Expression, value);
                break;
            case IConversionOperation c:
                Assign(c.Operand, value);
                break;
            case ITupleOperation t:
                foreach (var e in t.Elements)
                {
                    AssignElement(e, value);
                }

                break;
            case IDiscardOperation:
                break;
            case IFieldReferenceOperation { Instance: null } or IPropertyReferenceOperation { Instance: null } when SharedState.StaticMember(target) is { } member:
                BindShared(member, value);
                break;
            default:
                {
                    // A member or element of something: the stored value becomes part of that object.
                    var values = new List<(ISymbol Root, Share Relation)>();
                    Collect(value, Share.Same, values);
                    if (values.Count == 0)
                    {
                        return;
                    }

                    var holders = new List<(ISymbol Root, Share Relation)>();
                    var instance = target switch
                    {
                        IFieldReferenceOperation { Field.IsStatic: false } f => f.Instance,
                        IPropertyReferenceOperation { Property.IsStatic: false } p => p.Instance,
                        IArrayElementReferenceOperation a => a.ArrayReference,
                        IImplicitIndexerReferenceOperation ii => ii.Instance,
                        IInlineArrayAccessOperation ia => ia.Instance,
                        IDynamicMemberReferenceOperation dm => dm.Instance,
                        IDynamicIndexerAccessOperation dx => dx.Operation,
                        _ => null,
                    };

                    ChainRoots(instance, Share.Same, holders);
                    foreach (var (holder, hr) in holders)
                    {
                        foreach (var (r, rel) in values)
                        {
                            Stored(holder, hr, r, rel);
                        }
                    }

                    break;
                }
        }
    }

    /// <summary>A static field or property = <paramref name="value"/>: the member now holds the value's objects.</summary>
    private void BindShared(ISymbol member, IOperation value)
    {
        _roots.Clear();
        Collect(value, Share.Same, _roots);
        foreach (var (r, _) in _roots)
        {
            Union(Node(member), Node(r));
        }
    }

    /// <summary>
    /// May the object of <paramref name="symbol"/> (a local or parameter) and the object of <paramref name="root"/>
    /// (a static member, or the containing type for <c>this</c>) share any part: the same object, one inside the other,
    /// or a common part?
    /// </summary>
    public bool MayShareWith(ISymbol symbol, ISymbol root)
    {
        if (!_nodes.TryGetValue(symbol, out var a) || !_nodes.TryGetValue(root, out var b))
        {
            return false;
        }

        Build();
        return Below(Find(a)).Overlaps(Below(Find(b)));
    }

    /// <summary>A tuple element target of a deconstruction: conservatively the same as anything on the right.</summary>
    private void AssignElement(IOperation element, IOperation value)
    {
        foreach (var target in TargetSymbols(element))
        {
            if (MayShare(target))
            {
                _roots.Clear();
                Collect(value, Share.Same, _roots);
                foreach (var (r, _) in _roots)
                {
                    Union(Node(target), Node(r));
                }
            }
        }
    }

    private static IOperation Unconverted(IOperation value) => value is IConversionOperation c ? Unconverted(c.Operand) : value;

    private static IAnonymousFunctionOperation? Lambda(IOperation value) => value switch
    {
        IAnonymousFunctionOperation f => f,
        IDelegateCreationOperation d => Lambda(d.Target),
        IConversionOperation c => Lambda(c.Operand),
        _ => null,
    };

    private static IEnumerable<ISymbol> TargetSymbols(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation l:
                yield return l.Local;
                break;
            case IParameterReferenceOperation p:
                yield return p.Parameter;
                break;
            case IDeclarationExpressionOperation d:
                foreach (var s in TargetSymbols(d.Expression))
                {
                    yield return s;
                }

                break;
            case IConversionOperation c:
                foreach (var s in TargetSymbols(c.Operand))
                {
                    yield return s;
                }

                break;
            case ITupleOperation t:
                foreach (var e in t.Elements)
                {
                    foreach (var s in TargetSymbols(e))
                    {
                        yield return s;
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The variable at the base of a member/element chain, whatever the chain's types (a struct field of a class).</summary>
    private static void ChainRoots(IOperation? op, Share rel, List<(ISymbol Root, Share Relation)> roots)
    {
        switch (op)
        {
            case null:
                return;
            case IFieldReferenceOperation { Field.IsStatic: false } f:
                ChainRoots(f.Instance, Share.Part, roots);
                return;
            case IPropertyReferenceOperation { Property.IsStatic: false } p:
                ChainRoots(p.Instance, Share.Part, roots);
                return;
            case IArrayElementReferenceOperation a:
                ChainRoots(a.ArrayReference, Share.Part, roots);
                return;
            case IConversionOperation c:
                ChainRoots(c.Operand, rel, roots);
                return;
            case ILocalReferenceOperation l:
                roots.Add((l.Local, rel));
                return;
            case IParameterReferenceOperation pr:
                roots.Add((pr.Parameter, rel));
                return;
            default:
                Collect(op, rel, roots);
                return;
        }
    }

    private void PatternLocals(IPatternOperation pattern, IOperation value)
    {
        foreach (var symbol in DeclaredBy(pattern))
        {
            // A sub-pattern's variable may be a member of the value: "the same" covers both.
            Bind(symbol, value);
        }
    }

    /// <summary>The variables a pattern and its sub-patterns declare.</summary>
    internal static IEnumerable<ISymbol> DeclaredBy(IPatternOperation pattern)
    {
        foreach (var p in pattern.DescendantsAndSelf())
        {
            var symbol = p switch
            {
                IDeclarationPatternOperation d => d.DeclaredSymbol,
                IRecursivePatternOperation r => r.DeclaredSymbol,
                IListPatternOperation l => l.DeclaredSymbol,
                _ => null,
            };

            if (symbol is not null)
            {
                yield return symbol;
            }
        }
    }

    private static bool MayShare(ISymbol symbol)
    {
        var type = symbol switch
        {
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            _ => null,
        };

        return type is not null && KnownNonMutating.MayShareState(type, 0);
    }

    /// <summary><paramref name="target"/> = <paramref name="value"/>.</summary>
    private void Bind(ISymbol target, IOperation value)
    {
        if (!MayShare(target))
        {
            return;
        }

        _roots.Clear();
        Collect(value, Share.Same, _roots);
        var t = Node(target);
        foreach (var (r, rel) in _roots)
        {
            switch (rel)
            {
                case Share.Same:
                    Union(t, Node(r));
                    break;
                case Share.Part:
                    _partOf.Add((t, Node(r)));
                    break;
                case Share.Container:
                    _partOf.Add((Node(r), t));
                    break;
                default:
                    var shared = NewNode();
                    _partOf.Add((shared, t));
                    _partOf.Add((shared, Node(r)));
                    break;
            }
        }
    }

    /// <summary><paramref name="target"/> is an element of <paramref name="collection"/>.</summary>
    private void BindPart(ISymbol target, IOperation collection)
    {
        if (!MayShare(target))
        {
            return;
        }

        _roots.Clear();
        Collect(collection, Share.Same, _roots);
        var t = Node(target);
        foreach (var (r, rel) in _roots)
        {
            PartOf(t, r, rel);
        }
    }

    /// <summary>Node <paramref name="part"/> is inside the value that relates to <paramref name="root"/> by <paramref name="rel"/>.</summary>
    private void PartOf(int part, ISymbol root, Share rel)
    {
        if (rel is Share.Same or Share.Part)
        {
            _partOf.Add((part, Node(root)));
        }
        else
        {
            Union(part, Node(root));
        }
    }

    private int Node(ISymbol symbol)
    {
        if (!_nodes.TryGetValue(symbol, out var n))
        {
            n = NewNode();
            _nodes[symbol] = n;
        }

        return n;
    }

    private int NewNode()
    {
        _parent.Add(_parent.Count);
        return _parent.Count - 1;
    }

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }

        return x;
    }

    private void Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra != rb)
        {
            _parent[rb] = ra;
        }
    }
}
