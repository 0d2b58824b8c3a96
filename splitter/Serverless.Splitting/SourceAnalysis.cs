using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting;

/// <summary>The result of <see cref="SplitAnalyzer.AnalyzeSourcesDetailed"/>: the graphs and every C# error of the sources.</summary>
public sealed record SourceAnalysis(IReadOnlyList<SplitGraph> Graphs, IReadOnlyList<Diagnostic> CompilerErrors);
