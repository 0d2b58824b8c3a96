using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Serverless.Splitting.Analysis;

/// <summary>
/// Walks the operation tree of one top-level statement in evaluation order and computes what it reads (values that
/// flow in from before the statement), what it may write, what it definitely writes (C# definite assignment at the
/// statement's normal completion, starting from "nothing assigned"), whether it can return, and its work estimate.
/// </summary>
internal sealed class SegmentWalker
{
    private readonly MethodContext _ctx;
    private readonly int _segment;
    private readonly int _count;
    private readonly List<Frame> _frames = [];
    private readonly HashSet<IMethodSymbol> _walkedLocalFunctions = new(SymbolEqualityComparer.Default);
    private int _nestedDepth;
    private double _factor = 1;

    public SegmentWalker(MethodContext ctx, int segment)
    {
        _ctx = ctx;
        _segment = segment;
        _count = ctx.VariableCount;
        Reads = new VarSet(_count);
        MayWrites = new VarSet(_count);
        DefiniteWrites = new VarSet(_count);
    }

    public VarSet Reads { get; }

    /// <summary>
    /// Locals and parameters (of any scope, lambda parameters included) whose object the segment may change in place
    /// (a member, an element, a mutating call) rather than by assigning the variable; deep when the change may be
    /// inside one of the object's parts (<c>v.Items.Add(x)</c>, <c>Helper(v)</c>) rather than its own state.
    /// </summary>
    public List<(ISymbol Symbol, bool Deep)> InPlace { get; } = [];

    public VarSet MayWrites { get; }

    public VarSet DefiniteWrites { get; private set; }

    public bool CanReturn { get; private set; }

    /// <summary>False when the statement never completes normally (it always returns, throws or jumps away).</summary>
    public bool EndReachable { get; private set; } = true;

    public double Work { get; private set; }

    public bool SawInvalid { get; private set; }

    /// <summary>Writes to fields/properties of <c>this</c> or to statics (directly or through a call): what and where.</summary>
    public List<(string What, int Line)> OuterWrites { get; } = [];

    /// <summary>Does the segment read state outside the method (a static member, <c>this</c>), directly or through a call?</summary>
    public bool SharedRead { get; private set; }

    /// <summary>The static fields, properties and events the segment refers to.</summary>
    public HashSet<ISymbol> StaticMembers { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Uses of local functions declared as another top-level statement.</summary>
    public List<(IMethodSymbol Function, int DeclaringSegment, int Line)> ForeignLocalFunctionUses { get; } = [];

    /// <summary>The methods carrying [DataSource] the statement calls (or passes as a method group), with the line of the first use.</summary>
    public Dictionary<IMethodSymbol, int> DataSourceCalls { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>goto statements and their target labels.</summary>
    public List<(ILabelSymbol Label, int Line)> Gotos { get; } = [];

    public void Run(IOperation? statement)
    {
        var end = Visit(statement, new VarSet(_count));
        EndReachable = !end.Unreachable;
        if (end.Unreachable)
        {
            DefiniteWrites = MayWrites.Clone();
        }
        else
        {
            var d = new VarSet(_count);
            foreach (var v in end.Members())
            {
                if (MayWrites.ContainsBit(v))
                {
                    d.Add(v);
                }
            }

            DefiniteWrites = d;
        }

        Work = Math.Min(WorkWeights.Max, Work);
    }

    private VarSet Unreachable() => VarSet.UnreachableOf(_count);

    private void Count(IOperation op)
    {
        var w = WorkWeights.Operation;
        switch (op.Kind)
        {
            case OperationKind.Invocation:
            case OperationKind.DynamicInvocation:
                w += WorkWeights.Invocation;
                break;
            case OperationKind.ObjectCreation:
            case OperationKind.ArrayCreation:
            case OperationKind.AnonymousObjectCreation:
            case OperationKind.DynamicObjectCreation:
            case OperationKind.TypeParameterObjectCreation:
                w += WorkWeights.Creation;
                break;
            case OperationKind.Await:
                w += WorkWeights.Await;
                break;
            default:
                break;
        }

        Work += w * _factor;
    }

    private VarSet Visit(IOperation? op, VarSet s)
    {
        if (op is null)
        {
            return s;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        Count(op);
        NoteSharedState(op);
        switch (op)
        {
            case ILocalReferenceOperation l:
                if (!l.IsDeclaration)
                {
                    Read(l.Local, s);
                }

                return s;
            case IParameterReferenceOperation p:
                Read(p.Parameter, s);
                return s;
            case INameOfOperation:
                return s;
            case ISimpleAssignmentOperation a:
                s = VisitTarget(a.Target, s);
                s = Visit(a.Value, s);
                return Store(a.Target, s, definite: true);
            case IDeconstructionAssignmentOperation d:
                s = VisitTarget(d.Target, s);
                s = Visit(d.Value, s);
                return Store(d.Target, s, definite: true);
            case ICompoundAssignmentOperation c:
                s = VisitTarget(c.Target, s);
                ReadTarget(c.Target, s);
                s = Visit(c.Value, s);
                return Store(c.Target, s, definite: true);
            case IIncrementOrDecrementOperation i:
                s = VisitTarget(i.Target, s);
                ReadTarget(i.Target, s);
                return Store(i.Target, s, definite: true);
            case ICoalesceAssignmentOperation ca:
                {
                    s = VisitTarget(ca.Target, s);
                    ReadTarget(ca.Target, s);
                    var w = Visit(ca.Value, s.Clone());
                    Store(ca.Target, w, definite: false);
                    return VarSet.Meet(s, w);
                }

            case IArgumentOperation arg:
                return VisitArgument(arg, s);
            case IVariableDeclaratorOperation decl:
                foreach (var ignored in decl.IgnoredArguments)
                {
                    s = Visit(ignored, s);
                }

                if (decl.Initializer is { } init)
                {
                    s = Visit(init.Value, s);
                    Write(decl.Symbol, s, definite: true);
                }

                return s;
            case IInvocationOperation inv:
                s = Visit(inv.Instance, s);
                foreach (var a in inv.Arguments)
                {
                    s = Visit(a, s);
                }

                AfterCall(inv.TargetMethod, inv.Instance, op, s);
                MutateArguments(inv.TargetMethod, inv.Arguments, op);
                return s;
            case IObjectCreationOperation oc:
                s = VisitChildren(op, s);
                if (oc.Constructor is { } ctor)
                {
                    MutateArguments(ctor, oc.Arguments, op);
                }

                return s;
            case IMethodReferenceOperation mr:
                NoteDataSource(mr.Method, op);
                s = Visit(mr.Instance, s);
                if (mr.Instance is not null && !mr.Method.IsStatic)
                {
                    MutateReceiver(mr.Method, mr.Instance, op);
                }

                if (mr.Method.MethodKind == MethodKind.LocalFunction)
                {
                    UseLocalFunction(mr.Method, op, s);
                }

                return s;
            case IDynamicInvocationOperation di:
                s = Visit(di.Operation, s);
                foreach (var a in di.Arguments)
                {
                    s = Visit(a, s);
                }

                if (di.Operation is IDynamicMemberReferenceOperation dm && dm.Instance is not null)
                {
                    Mutate(dm.Instance, op, throughMember: false);
                }

                return s;
            case IEventAssignmentOperation ea:
                s = VisitTarget(ea.EventReference, s);
                s = Visit(ea.HandlerValue, s);
                return Store(ea.EventReference, s, definite: false);
            case IAnonymousFunctionOperation af:
                VisitNested(af.Body, s.Clone());
                return s;
            case ILocalFunctionOperation:
                return s;
            case IConditionalOperation cond:
                {
                    var (t, f) = Cond(cond.Condition, s);
                    var a = Visit(cond.WhenTrue, t);
                    var b = cond.WhenFalse is null ? f : Visit(cond.WhenFalse, f);
                    return VarSet.Meet(a, b);
                }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
            case IIsPatternOperation:
                {
                    var (t, f) = CondCore(op, s);
                    return VarSet.Meet(t, f);
                }

            case ICoalesceOperation co:
                {
                    s = Visit(co.Value, s);
                    var w = Visit(co.WhenNull, s.Clone());
                    return VarSet.Meet(s, w);
                }

            case IConditionalAccessOperation cao:
                {
                    s = Visit(cao.Operation, s);
                    var w = Visit(cao.WhenNotNull, s.Clone());
                    return VarSet.Meet(s, w);
                }

            case ISwitchExpressionOperation se:
                return VisitSwitchExpression(se, s);
            case IBlockOperation block:
                foreach (var child in block.Operations)
                {
                    s = Visit(child, s);
                }

                return s;
            case IWhileLoopOperation wl:
                return VisitWhile(wl, s);
            case IForLoopOperation fl:
                return VisitFor(fl, s);
            case IForEachLoopOperation fe:
                return VisitForEach(fe, s);
            case ITryOperation tr:
                return VisitTry(tr, s);
            case ISwitchOperation sw:
                return VisitSwitch(sw, s);
            case ILabeledOperation lab:
                // A label can be reached by a jump from anywhere in the statement: assume nothing assigned.
                return Visit(lab.Operation, new VarSet(_count));
            case IBranchOperation br:
                return VisitBranch(br, s);
            case IReturnOperation ret:
                s = Visit(ret.ReturnedValue, s);
                if (ret.Kind == OperationKind.YieldReturn)
                {
                    return s;
                }

                if (ret.Kind == OperationKind.Return && _nestedDepth == 0)
                {
                    CanReturn = true;
                }

                return Unreachable();
            case IThrowOperation th:
                Visit(th.Exception, s);
                return Unreachable();
            case IDeclarationPatternOperation dp:
                MayWrite(dp.DeclaredSymbol);
                return VisitChildren(op, s);
            case IRecursivePatternOperation rp:
                MayWrite(rp.DeclaredSymbol);
                return VisitChildren(op, s);
            case IListPatternOperation lp:
                MayWrite(lp.DeclaredSymbol);
                return VisitChildren(op, s);
            case IInvalidOperation:
                SawInvalid = true;
                return VisitChildren(op, s);
            case IAwaitOperation aw:
                s = Visit(aw.Operation, s);
                return s;
            default:
                return VisitChildren(op, s);
        }
    }

    private VarSet VisitChildren(IOperation op, VarSet s)
    {
        foreach (var child in op.ChildOperations)
        {
            s = Visit(child, s);
        }

        return s;
    }

    private VarSet VisitArgument(IArgumentOperation arg, VarSet s)
    {
        var refKind = arg.Parameter?.RefKind ?? RefKind.None;
        switch (refKind)
        {
            case RefKind.Out:
                s = VisitTarget(arg.Value, s);
                return Store(arg.Value, s, definite: true);
            case RefKind.Ref:
                s = VisitTarget(arg.Value, s);
                ReadTarget(arg.Value, s);
                return Store(arg.Value, s, definite: true);
            default:
                return Visit(arg.Value, s);
        }
    }

    private void VisitNested(IOperation? body, VarSet s)
    {
        var factor = _factor;
        _factor = Math.Min(WorkWeights.MaxFactor, _factor * WorkWeights.LoopFactor);
        _nestedDepth++;
        try
        {
            Visit(body, s);
        }
        finally
        {
            _nestedDepth--;
            _factor = factor;
        }
    }

    // ---- conditions -------------------------------------------------------------------------------------------

    private (VarSet WhenTrue, VarSet WhenFalse) Cond(IOperation? op, VarSet s)
    {
        if (op is null)
        {
            return (s, Unreachable());
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        return CondCore(op, s);
    }

    private (VarSet WhenTrue, VarSet WhenFalse) CondCore(IOperation op, VarSet s)
    {
        switch (op)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } u:
                {
                    Count(op);
                    var (t, f) = Cond(u.Operand, s);
                    return (f, t);
                }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, OperatorMethod: null } b:
                {
                    Count(op);
                    var (lt, lf) = Cond(b.LeftOperand, s);
                    var (rt, rf) = Cond(b.RightOperand, lt);
                    return (rt, VarSet.Meet(lf, rf));
                }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr, OperatorMethod: null } b:
                {
                    Count(op);
                    var (lt, lf) = Cond(b.LeftOperand, s);
                    var (rt, rf) = Cond(b.RightOperand, lf);
                    return (VarSet.Meet(lt, rt), rf);
                }

            case IIsPatternOperation ip:
                {
                    Count(op);
                    s = Visit(ip.Value, s);
                    s = Visit(ip.Pattern, s);
                    var t = s.Clone();
                    var f = s.Clone();
                    AddPatternVariables(ip.Pattern, t, f);
                    return (t, f);
                }

            default:
                {
                    s = Visit(op, s);
                    if (op.ConstantValue is { HasValue: true, Value: bool value })
                    {
                        return value ? (s, Unreachable()) : (Unreachable(), s);
                    }

                    return (s, s.Clone());
                }
        }
    }

    /// <summary>Variables a pattern definitely assigns when it matches (<paramref name="whenTrue"/>) or not.</summary>
    private void AddPatternVariables(IPatternOperation? pattern, VarSet? whenTrue, VarSet? whenFalse)
    {
        switch (pattern)
        {
            case INegatedPatternOperation n:
                AddPatternVariables(n.Pattern, whenFalse, whenTrue);
                break;
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } bp:
                AddPatternVariables(bp.LeftPattern, whenTrue, null);
                AddPatternVariables(bp.RightPattern, whenTrue, null);
                break;
            case IDeclarationPatternOperation d:
                Define(d.DeclaredSymbol, whenTrue);
                break;
            case IRecursivePatternOperation r:
                Define(r.DeclaredSymbol, whenTrue);
                foreach (var sp in r.DeconstructionSubpatterns)
                {
                    AddPatternVariables(sp, whenTrue, null);
                }

                foreach (var pp in r.PropertySubpatterns)
                {
                    AddPatternVariables(pp.Pattern, whenTrue, null);
                }

                break;
            case IListPatternOperation l:
                Define(l.DeclaredSymbol, whenTrue);
                foreach (var p in l.Patterns)
                {
                    AddPatternVariables(p, whenTrue, null);
                }

                break;
            case ISlicePatternOperation sl:
                AddPatternVariables(sl.Pattern, whenTrue, null);
                break;
            default:
                break;
        }

        void Define(ISymbol? symbol, VarSet? set)
        {
            if (symbol is not null && set is not null && !set.Unreachable && _nestedDepth == 0 && _ctx.Ordinals.TryGetValue(symbol, out var i))
            {
                set.Add(i);
            }
        }
    }

    // ---- statements with control flow -------------------------------------------------------------------------

    private VarSet VisitWhile(IWhileLoopOperation loop, VarSet s)
    {
        var factor = _factor;
        _factor = Math.Min(WorkWeights.MaxFactor, _factor * WorkWeights.LoopFactor);
        try
        {
            var frame = new Frame(loop.ExitLabel, loop.ContinueLabel);
            if (loop.ConditionIsTop)
            {
                var (t, f) = Cond(loop.Condition, s);
                if (loop.ConditionIsUntil)
                {
                    (t, f) = (f, t);
                }

                _frames.Add(frame);
                Visit(loop.Body, t);
                _frames.RemoveAt(_frames.Count - 1);
                Visit(loop.IgnoredCondition, s.Clone());
                return MeetAll(f, frame.Breaks);
            }
            else
            {
                _frames.Add(frame);
                var bodyEnd = Visit(loop.Body, s);
                _frames.RemoveAt(_frames.Count - 1);
                var (t, f) = Cond(loop.Condition, MeetAll(bodyEnd, frame.Continues));
                if (loop.ConditionIsUntil)
                {
                    f = t;
                }

                return MeetAll(f, frame.Breaks);
            }
        }
        finally
        {
            _factor = factor;
        }
    }

    private VarSet VisitFor(IForLoopOperation loop, VarSet s)
    {
        foreach (var b in loop.Before)
        {
            s = Visit(b, s);
        }

        var factor = _factor;
        _factor = Math.Min(WorkWeights.MaxFactor, _factor * WorkWeights.LoopFactor);
        try
        {
            var (t, f) = Cond(loop.Condition, s);
            var frame = new Frame(loop.ExitLabel, loop.ContinueLabel);
            _frames.Add(frame);
            var bodyEnd = Visit(loop.Body, t);
            _frames.RemoveAt(_frames.Count - 1);
            var bottom = MeetAll(bodyEnd, frame.Continues);
            foreach (var b in loop.AtLoopBottom)
            {
                bottom = Visit(b, bottom);
            }

            return MeetAll(f, frame.Breaks);
        }
        finally
        {
            _factor = factor;
        }
    }

    private VarSet VisitForEach(IForEachLoopOperation loop, VarSet s)
    {
        s = Visit(loop.Collection, s);
        var factor = _factor;
        _factor = Math.Min(WorkWeights.MaxFactor, _factor * WorkWeights.LoopFactor);
        try
        {
            var frame = new Frame(loop.ExitLabel, loop.ContinueLabel);
            _frames.Add(frame);
            Visit(loop.Body, s.Clone());
            _frames.RemoveAt(_frames.Count - 1);

            // The body may run zero times; breaks only add to what was assigned before the loop.
            return s;
        }
        finally
        {
            _factor = factor;
        }
    }

    private VarSet VisitTry(ITryOperation tr, VarSet s)
    {
        var result = Visit(tr.Body, s.Clone());
        foreach (var c in tr.Catches)
        {
            var cs = s.Clone();
            cs = Visit(c.ExceptionDeclarationOrExpression, cs);
            if (c.Filter is not null)
            {
                (cs, _) = Cond(c.Filter, cs);
            }

            var end = Visit(c.Handler, cs);
            result = VarSet.Meet(result, end);
        }

        if (tr.Finally is not null)
        {
            var fin = Visit(tr.Finally, s.Clone());
            result = VarSet.Join(result, fin);
        }

        return result;
    }

    private VarSet VisitSwitch(ISwitchOperation sw, VarSet s)
    {
        s = Visit(sw.Value, s);
        var frame = new Frame(sw.ExitLabel, null);
        _frames.Add(frame);
        var hasDefault = false;
        foreach (var section in sw.Cases)
        {
            VarSet? entry = null;
            foreach (var clause in section.Clauses)
            {
                var cs = s.Clone();
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        hasDefault = true;
                        break;
                    case IPatternCaseClauseOperation pc:
                        cs = Visit(pc.Pattern, cs);
                        if (pc.Guard is not null)
                        {
                            (cs, _) = Cond(pc.Guard, cs);
                        }

                        break;
                    default:
                        cs = VisitChildren(clause, cs);
                        break;
                }

                entry = entry is null ? cs : VarSet.Meet(entry, cs);
            }

            var state = entry ?? s.Clone();
            foreach (var statement in section.Body)
            {
                state = Visit(statement, state);
            }

            if (!state.Unreachable)
            {
                frame.Breaks.Add(state);
            }
        }

        _frames.RemoveAt(_frames.Count - 1);
        return MeetAll(hasDefault ? Unreachable() : s, frame.Breaks);
    }

    private VarSet VisitSwitchExpression(ISwitchExpressionOperation se, VarSet s)
    {
        s = Visit(se.Value, s);
        VarSet? result = null;
        foreach (var arm in se.Arms)
        {
            Count(arm);
            var a = Visit(arm.Pattern, s.Clone());
            if (arm.Guard is not null)
            {
                (a, _) = Cond(arm.Guard, a);
            }

            a = Visit(arm.Value, a);
            result = result is null ? a : VarSet.Meet(result, a);
        }

        return result ?? s;
    }

    private VarSet VisitBranch(IBranchOperation br, VarSet s)
    {
        switch (br.BranchKind)
        {
            case BranchKind.Break:
                FindFrame(br.Target, exit: true)?.Breaks.Add(s.Clone());
                break;
            case BranchKind.Continue:
                FindFrame(br.Target, exit: false)?.Continues.Add(s.Clone());
                break;
            case BranchKind.GoTo:
                Gotos.Add((br.Target, _ctx.Line(br.Syntax)));
                break;
            default:
                break;
        }

        return Unreachable();
    }

    private Frame? FindFrame(ILabelSymbol target, bool exit)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            var label = exit ? _frames[i].Exit : _frames[i].Continue;
            if (label is not null && SymbolEqualityComparer.Default.Equals(label, target))
            {
                return _frames[i];
            }
        }

        return null;
    }

    private static VarSet MeetAll(VarSet first, List<VarSet> others)
    {
        var r = first;
        foreach (var o in others)
        {
            r = VarSet.Meet(r, o);
        }

        return r;
    }

    // ---- reads and writes -------------------------------------------------------------------------------------

    private void Read(ISymbol symbol, VarSet s)
    {
        if (_ctx.Ordinals.TryGetValue(symbol, out var i) && !s.Contains(i))
        {
            Reads.Add(i);
        }
    }

    private void MayWrite(ISymbol? symbol)
    {
        if (symbol is not null && _ctx.Ordinals.TryGetValue(symbol, out var i))
        {
            MayWrites.Add(i);
        }
    }

    private void Write(ISymbol symbol, VarSet s, bool definite)
    {
        if (_ctx.Ordinals.TryGetValue(symbol, out var i))
        {
            MayWrites.Add(i);
            if (definite && _nestedDepth == 0 && !s.Unreachable)
            {
                s.Add(i);
            }
        }
    }

    /// <summary>Evaluates the parts of an assignment target that run before the store (receivers, indices).</summary>
    private VarSet VisitTarget(IOperation target, VarSet s)
    {
        switch (target)
        {
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
            case IDiscardOperation:
                Count(target);
                return s;
            case IDeclarationExpressionOperation d:
                Count(target);
                return VisitTarget(d.Expression, s);
            case ITupleOperation tuple:
                Count(target);
                foreach (var e in tuple.Elements)
                {
                    s = VisitTarget(e, s);
                }

                return s;
            case IConversionOperation c:
                Count(target);
                return VisitTarget(c.Operand, s);
            case IFieldReferenceOperation f:
                Count(target);
                return Visit(f.Instance, s);
            case IPropertyReferenceOperation p:
                Count(target);
                s = Visit(p.Instance, s);
                foreach (var a in p.Arguments)
                {
                    s = Visit(a, s);
                }

                return s;
            case IArrayElementReferenceOperation ae:
                Count(target);
                s = Visit(ae.ArrayReference, s);
                foreach (var i in ae.Indices)
                {
                    s = Visit(i, s);
                }

                return s;
            case IEventReferenceOperation ev:
                Count(target);
                return Visit(ev.Instance, s);
            default:
                return Visit(target, s);
        }
    }

    private void ReadTarget(IOperation target, VarSet s)
    {
        switch (target)
        {
            case ILocalReferenceOperation l:
                Read(l.Local, s);
                break;
            case IParameterReferenceOperation p:
                Read(p.Parameter, s);
                break;
            default:
                break;
        }
    }

    private VarSet Store(IOperation target, VarSet s, bool definite)
    {
        switch (target)
        {
            case ILocalReferenceOperation l:
                Write(l.Local, s, definite);
                return s;
            case IParameterReferenceOperation p:
                Write(p.Parameter, s, definite);
                return s;
            case IDeclarationExpressionOperation d:
                return Store(d.Expression, s, definite);
            case ITupleOperation tuple:
                foreach (var e in tuple.Elements)
                {
                    s = Store(e, s, definite);
                }

                return s;
            case IConversionOperation c:
                return Store(c.Operand, s, definite);
            case IFieldReferenceOperation:
            case IPropertyReferenceOperation:
            case IArrayElementReferenceOperation:
            case IImplicitIndexerReferenceOperation:
            case IEventReferenceOperation:
            case IDynamicMemberReferenceOperation:
            case IDynamicIndexerAccessOperation:
            case IInlineArrayAccessOperation:
                Mutate(target, target, throughMember: false, shallowHops: 1);
                return s;
            default:
                return s;
        }
    }

    private void AfterCall(IMethodSymbol method, IOperation? instance, IOperation call, VarSet s)
    {
        if (instance is not null && !method.IsStatic)
        {
            MutateReceiver(method, instance, call);
        }

        if (method.MethodKind == MethodKind.LocalFunction)
        {
            UseLocalFunction(method, call, s);
        }

        NoteDataSource(method, call);
        if (_ctx.IsSplitable(method))
        {
            Work += WorkWeights.SplitableCall * _factor;
        }

        if (method.IsAsync || IsAwaitable(method.ReturnType))
        {
            Work += WorkWeights.AsyncCall * _factor;
        }
    }

    private void NoteDataSource(IMethodSymbol method, IOperation use)
    {
        var (reads, problems) = _ctx.DataSources(method);
        if (reads.Count + problems.Count > 0)
        {
            var def = method.ReducedFrom ?? method.OriginalDefinition;
            if (!DataSourceCalls.ContainsKey(def))
            {
                DataSourceCalls[def] = _ctx.Line(use.Syntax);
            }
        }
    }

    private static bool IsAwaitable(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named
        && KnownNonMutating.IsInNamespace(named, "System", "Threading", "Tasks");

    private void MutateReceiver(IMethodSymbol method, IOperation instance, IOperation call)
    {
        if (_ctx.IsNonMutating(method, instance.Type) || !_ctx.Summaries.MayMutateReceiver(method))
        {
            return;
        }

        // A BCL collection's mutating member (Add, Sort, Clear) changes the collection's own state, not its elements.
        Mutate(instance, call, throughMember: false, shallowHops: KnownNonMutating.IsArgumentNonMutating(method, null) ? 0 : -1);
    }

    /// <summary>
    /// Arguments passed by value or by <c>in</c>/<c>ref readonly</c> whose object the callee may change: a may-write of
    /// every local or parameter the value is rooted at (<c>Sort(a)</c>, <c>Fill(h.Items)</c>, <c>other.Fill(a)</c>).
    /// </summary>
    private void MutateArguments(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments, IOperation call)
    {
        foreach (var arg in arguments)
        {
            var parameter = arg.Parameter;
            var refKind = parameter?.RefKind ?? RefKind.None;
            if (refKind is RefKind.Out or RefKind.Ref)
            {
                continue;
            }

            var byReference = refKind is RefKind.In or RefKind.RefReadOnlyParameter;
            if (arg.ArgumentKind == ArgumentKind.ParamArray && arg.Value is IArrayCreationOperation { Initializer: { } elements })
            {
                foreach (var e in elements.ElementValues)
                {
                    MutateArgument(method, parameter, e, byReference: false, call);
                }

                continue;
            }

            MutateArgument(method, parameter, arg.Value, byReference, call);
        }
    }

    private void MutateArgument(IMethodSymbol method, IParameterSymbol? parameter, IOperation value, bool byReference, IOperation call)
    {
        if (!KnownNonMutating.CanBeMutatedThrough(value.Type, byReference) || !_ctx.Summaries.MayMutateArgument(method, parameter))
        {
            return;
        }

        Mutate(value, call, throughMember: false);
        var roots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        SharingRoots.Add(value, roots);
        foreach (var r in roots)
        {
            MayWrite(r);
            InPlace.Add((r, true));
        }
    }

    /// <summary>
    /// <paramref name="chain"/> is changed in place (assigned member/element, or the receiver of a mutating call):
    /// a write of the local or parameter it is rooted at, or a change of state outside the method.
    /// </summary>
    private void Mutate(IOperation chain, IOperation at, bool throughMember, int shallowHops = -1)
    {
        var cur = chain;
        ISymbol? member = null;
        var through = throughMember;
        var hops = 0;
        while (cur is not null)
        {
            switch (cur)
            {
                case ILocalReferenceOperation l:
                    MayWrite(l.Local);
                    InPlace.Add((l.Local, shallowHops < 0 || hops != shallowHops));
                    return;
                case IParameterReferenceOperation p:
                    MayWrite(p.Parameter);
                    InPlace.Add((p.Parameter, shallowHops < 0 || hops != shallowHops));
                    return;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    OuterWrites.Add((through && member is not null ? "this." + member.Name : "this", _ctx.Line(at.Syntax)));
                    return;
                case IFieldReferenceOperation f:
                    member = f.Field;
                    through = true;
                    hops++;
                    if (f.Field.IsStatic)
                    {
                        StaticWrite(f.Field, at);
                        return;
                    }

                    cur = f.Instance;
                    break;
                case IPropertyReferenceOperation p:
                    member = p.Property;
                    through = true;
                    hops++;
                    if (p.Property.IsStatic)
                    {
                        StaticWrite(p.Property, at);
                        return;
                    }

                    cur = p.Instance;
                    break;
                case IEventReferenceOperation e:
                    member = e.Event;
                    through = true;
                    hops++;
                    if (e.Event.IsStatic)
                    {
                        StaticWrite(e.Event, at);
                        return;
                    }

                    cur = e.Instance;
                    break;
                case IArrayElementReferenceOperation a:
                    through = true;
                    hops++;
                    cur = a.ArrayReference;
                    break;
                case IImplicitIndexerReferenceOperation ii:
                    through = true;
                    hops++;
                    cur = ii.Instance;
                    break;
                case IInlineArrayAccessOperation ia:
                    through = true;
                    hops++;
                    cur = ia.Instance;
                    break;
                case IDynamicMemberReferenceOperation dm:
                    through = true;
                    hops++;
                    cur = dm.Instance;
                    break;
                case IDynamicIndexerAccessOperation dx:
                    through = true;
                    hops++;
                    cur = dx.Operation;
                    break;
                case IConversionOperation c:
                    cur = c.Operand;
                    break;
                case IConditionalAccessInstanceOperation:
                    cur = ConditionalAccessReceiver(cur);
                    break;
                default:
                    return;
            }
        }
    }

    private void StaticWrite(ISymbol member, IOperation at)
    {
        StaticMembers.Add(member);
        OuterWrites.Add(("static " + member.ContainingType?.Name + "." + member.Name, _ctx.Line(at.Syntax)));
    }

    /// <summary>Reads of state outside the method, and calls into the user's code that read or change static state.</summary>
    private void NoteSharedState(IOperation op)
    {
        if (SharedState.StaticMember(op) is { } member)
        {
            SharedRead = true;
            StaticMembers.Add(member);
        }
        else if (op is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
        {
            SharedRead = true;
        }

        var access = _ctx.Shared.Callee(op);
        SharedRead |= access.Reads;
        if (access.Writes)
        {
            var callee = op switch
            {
                IInvocationOperation inv => inv.TargetMethod,
                IObjectCreationOperation oc => oc.Constructor,
                IMethodReferenceOperation mr => mr.Method,
                IPropertyReferenceOperation p => (ISymbol)p.Property,
                _ => null,
            };

            OuterWrites.Add(("static state through " + callee?.ContainingType?.Name + "." + callee?.Name, _ctx.Line(op.Syntax)));
        }
    }

    private static IOperation? ConditionalAccessReceiver(IOperation instance)
    {
        var prev = instance;
        var cur = instance.Parent;
        while (cur is not null)
        {
            if (cur is IConditionalAccessOperation ca && ReferenceEquals(ca.WhenNotNull, prev))
            {
                return ca.Operation;
            }

            prev = cur;
            cur = cur.Parent;
        }

        return null;
    }

    private void UseLocalFunction(IMethodSymbol method, IOperation at, VarSet s)
    {
        var def = method.OriginalDefinition;
        if (!_ctx.LocalFunctions.TryGetValue(def, out var info))
        {
            return;
        }

        if (info.TopLevel && info.Segment != _segment)
        {
            ForeignLocalFunctionUses.Add((def, info.Segment, _ctx.Line(at.Syntax)));
            return;
        }

        if (_walkedLocalFunctions.Add(def))
        {
            var op = _ctx.GetLocalFunctionOperation(info.Syntax);
            VisitNested(op?.Body ?? op?.IgnoredBody, s.Clone());
        }
    }

    private sealed class Frame
    {
        public Frame(ILabelSymbol? exit, ILabelSymbol? @continue)
        {
            Exit = exit;
            Continue = @continue;
        }

        public ILabelSymbol? Exit { get; }

        public ILabelSymbol? Continue { get; }

        public List<VarSet> Breaks { get; } = [];

        public List<VarSet> Continues { get; } = [];
    }
}
