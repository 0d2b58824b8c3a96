using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Serverless.Splitting.Generator;

/// <summary>
/// For every [Splitable] method: the manifest, segment executors, the unsplit fallback and a registration the
/// host discovers (<c>SplitFunctionProviderAttribute</c>); for every direct call to one (when the consumer opts in
/// to interceptors in the <c>Serverless.Generated</c> namespace): an interceptor routing it to the split runtime.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SplitGenerator : IIncrementalGenerator
{
    private const string RuntimeMarker = "Serverless.Annotations.Runtime.SplitFunction";

    /// <summary>Tracking name of the step that analyses each [Splitable] method and emits its executors.</summary>
    public const string AnalysisStep = "Serverless.SplitAnalysis";

    /// <summary>Tracking name of the step that finds direct calls to [Splitable] methods to intercept.</summary>
    public const string InterceptedCallsStep = "Serverless.SplitInterceptedCalls";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider.ForAttributeWithMetadataName(
                Eligibility.SplitableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Generate(ctx.SemanticModel, (MethodDeclarationSyntax)ctx.TargetNode, ct))
            .WithTrackingName(AnalysisStep)
            .Where(static m => m is not null)
            .Select(static (m, _) => m!);

        var hasRuntime = context.CompilationProvider.Select(static (c, _) => c.GetTypeByMetadataName(RuntimeMarker) is not null);

        context.RegisterSourceOutput(methods.Combine(hasRuntime), static (spc, pair) =>
        {
            if (pair.Right)
            {
                spc.AddSource(pair.Left.HintName, SourceText.From(pair.Left.Source, Encoding.UTF8));
            }
        });

        context.RegisterSourceOutput(methods.Select(static (m, _) => m.DescriptorReference).Collect().Combine(hasRuntime), static (spc, pair) =>
        {
            if (pair.Right && pair.Left.Length > 0)
            {
                spc.AddSource("Serverless.SplitFunctionProvider.g.cs", SourceText.From(EmitRegistry(pair.Left), Encoding.UTF8));
            }
        });

        // Only a call whose invoked name is the name of a [Splitable] method is bound (binding every call of the
        // compilation would cost as much as compiling its method bodies once more).
        // The names come from this compilation's [Splitable] methods and from those of referenced libraries of
        // [Splitable] functions (assemblies that reference Serverless.Annotations; the set is equal between edits, so
        // the calls stay cached).
        var referencedNames = context.CompilationProvider.Select(static (c, ct) => ReferencedSplitableNames(c, ct));
        var splitableNames = methods.Select(static (m, _) => m.MethodName).Collect()
            .Combine(referencedNames)
            .Select(static (pair, _) => new NameSet(pair.Left.AddRange(pair.Right)));
        var interceptorsEnabled = context.ParseOptionsProvider.Select(static (o, _) => InterceptorsEnabled(o));
        var calls = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InvocationExpressionSyntax invocation && InvokedName(invocation.Expression) is not null,
                static (ctx, _) => new CallCandidate((InvocationExpressionSyntax)ctx.Node, InvokedName(((InvocationExpressionSyntax)ctx.Node).Expression)!, ctx.SemanticModel))
            .Combine(splitableNames)
            .Where(static pair => pair.Right.Contains(pair.Left.Name))
            .Select(static (pair, ct) => InterceptCall(pair.Left.Model, pair.Left.Invocation, ct))
            .WithTrackingName(InterceptedCallsStep)
            .Where(static c => c is not null)
            .Select(static (c, _) => c!)
            .Collect();
        context.RegisterSourceOutput(calls.Combine(interceptorsEnabled.Combine(hasRuntime)), static (spc, pair) =>
        {
            if (pair.Right.Left && pair.Right.Right && pair.Left.Length > 0)
            {
                spc.AddSource("Serverless.SplitInterceptors.g.cs", SourceText.From(InterceptorEmitter.Emit(pair.Left), Encoding.UTF8));
            }
        });
    }

    /// <summary>True when the parse options list <c>Serverless.Generated</c> among the interceptor namespaces.</summary>
    public static bool InterceptorsEnabled(ParseOptions options)
    {
        foreach (var key in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
        {
            if (options.Features.TryGetValue(key, out var value)
                && value.Split(';', ',').Any(n => n.Trim() == InterceptorEmitter.Namespace))
            {
                return true;
            }
        }

        return false;
    }

    private static GeneratedMethod? Generate(SemanticModel model, MethodDeclarationSyntax syntax, System.Threading.CancellationToken ct)
    {
        if (model.GetDeclaredSymbol(syntax, ct) is not IMethodSymbol method || Eligibility.Check(method, syntax) is not null)
        {
            return null;
        }

        // The analysis and the emitter bind the body through one model of their own, without the nullable pass.
        var bodyModel = Analysis.ModelOf(model, syntax.SyntaxTree);
        var graph = Analysis.AnalyzeMethod(bodyModel, syntax, ct);
        var source = ExecutorEmitter.Emit(bodyModel, syntax, method, graph, Analysis.Manifest(graph));
        var hint = Sanitize(method.ContainingType.ToDisplayString() + "." + method.Name) + ".Split.g.cs";
        return new GeneratedMethod(hint, source, Eligibility.DescriptorReference(method), method.Name);
    }

    /// <summary>The simple name a call invokes (<c>M</c> of <c>M(…)</c>, <c>T.M(…)</c>, <c>x?.M(…)</c>), or null when it invokes no name.</summary>
    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        ParenthesizedExpressionSyntax parenthesized => InvokedName(parenthesized.Expression),
        _ => null,
    };

    /// <summary>The names of the [Splitable] methods of referenced assemblies that reference Serverless.Annotations.</summary>
    private static ImmutableArray<string> ReferencedSplitableNames(Compilation compilation, System.Threading.CancellationToken ct)
    {
        var annotations = Eligibility.SplitableAttribute.Substring(0, Eligibility.SplitableAttribute.LastIndexOf('.'));
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            ct.ThrowIfCancellationRequested();
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == annotations)))
            {
                continue;
            }

            var pending = new System.Collections.Generic.Stack<INamespaceOrTypeSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                foreach (var member in pending.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                    {
                        pending.Push(container);
                    }
                    else if (member is IMethodSymbol method && Eligibility.IsSplitable(method))
                    {
                        names.Add(method.Name);
                    }
                }
            }
        }

        return names.ToImmutable();
    }

    private static InterceptedCall? InterceptCall(SemanticModel model, InvocationExpressionSyntax invocation, System.Threading.CancellationToken ct)
    {
        if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } method
            || !Eligibility.IsSplitable(method)
            || method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            || invocation.Ancestors().Any(a => a is AttributeSyntax))
        {
            return null;
        }

        // A method of this compilation: its descriptor field is referenced. A method of a referenced assembly (a
        // library of [Splitable] functions): its descriptor is internal there, so the interceptor looks it up by id at
        // run time, and only when the id is unambiguous (one [Splitable] method of that name in its type).
        var external = method.DeclaringSyntaxReferences.Length == 0;
        if (external
            ? method.IsGenericMethod || method.ContainingType.IsGenericType || Eligibility.UnemittableSignature(method) is not null
                || method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(Eligibility.IsSplitable) != 1
                || !model.Compilation.IsSymbolAccessibleWithin(method, model.Compilation.Assembly)
            : method.DeclaringSyntaxReferences[0].GetSyntax(ct) is not MethodDeclarationSyntax declaration || Eligibility.Check(method, declaration) is not null)
        {
            return null;
        }

        if (model.GetInterceptableLocation(invocation, ct) is not { } location)
        {
            return null;
        }

        var (signature, body) = InterceptorEmitter.Describe(method, external);
        return new InterceptedCall(location.Version, location.Data, signature, Eligibility.DescriptorReference(method), body);
    }

    private static string EmitRegistry(ImmutableArray<string> descriptors)
    {
        const string Rt = "global::Serverless.Annotations.Runtime.";
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated/>");
        sb.AppendLine("#nullable enable annotations");
        sb.AppendLine("[assembly: " + Rt + "SplitFunctionProviderAttribute(typeof(global::Serverless.Generated.SplitFunctionProvider))]");
        sb.AppendLine();
        sb.AppendLine("namespace Serverless.Generated");
        sb.AppendLine("{");
        sb.AppendLine("    /// <summary>The splittable functions of this assembly.</summary>");
        sb.AppendLine("    internal sealed class SplitFunctionProvider : " + Rt + "ISplitFunctionProvider");
        sb.AppendLine("    {");
        sb.AppendLine("        /// <inheritdoc/>");
        sb.AppendLine("        public global::System.Collections.Generic.IReadOnlyList<" + Rt + "SplitFunction> Functions { get; } = new " + Rt + "SplitFunction[]");
        sb.AppendLine("        {");
        foreach (var d in descriptors.Distinct().OrderBy(d => d, System.StringComparer.Ordinal))
        {
            sb.AppendLine("            " + d + ",");
        }

        sb.AppendLine("        };");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
        }

        return sb.ToString();
    }
}

/// <summary>The generated source of one method, the fully qualified name of its descriptor field and the method's name.</summary>
internal sealed record GeneratedMethod(string HintName, string Source, string DescriptorReference, string MethodName);

/// <summary>A call that may invoke a [Splitable] method (its invoked name is one's), with the model to bind it through.</summary>
internal sealed record CallCandidate(InvocationExpressionSyntax Invocation, string Name, SemanticModel Model);

/// <summary>The names of the [Splitable] methods; equal when the names are (so an unchanged set keeps the calls cached).</summary>
internal sealed class NameSet : System.IEquatable<NameSet>
{
    private readonly System.Collections.Generic.HashSet<string> _names;

    public NameSet(ImmutableArray<string> names) => _names = new System.Collections.Generic.HashSet<string>(names, System.StringComparer.Ordinal);

    public bool Contains(string name) => _names.Contains(name);

    public bool Equals(NameSet? other) => other is not null && _names.SetEquals(other._names);

    public override bool Equals(object? obj) => Equals(obj as NameSet);

    public override int GetHashCode() => _names.Count;
}
