namespace Serverless.Api;

/// <summary>Request limits and defaults of the HTTP API (documented in docs/api.md).</summary>
public sealed class ServerlessApiOptions
{
    /// <summary>Largest <c>source</c> accepted by <c>POST /api/split/analyze</c>, in UTF-8 bytes (1 MB).</summary>
    public int SourceLimitBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest <c>arguments</c> object accepted by <c>POST /api/execution/submit</c>, in UTF-8 bytes (256 KB).</summary>
    public int ArgumentsLimitBytes { get; set; } = 256 * 1024;

    /// <summary>Largest body of the endpoints that carry no source or arguments (annotation update, deploy).</summary>
    public int SmallBodyLimitBytes { get; set; } = 64 * 1024;

    /// <summary>Memory of a virtual function when the function has no resource constraint.</summary>
    public int DefaultMemoryMb { get; set; } = 1024;

    /// <summary>Timeout of a virtual function when the function has no resource constraint.</summary>
    public int DefaultTimeoutSeconds { get; set; } = 60;

    /// <summary>Deepest syntax nesting (parentheses, lambdas, blocks, …) of submitted source, checked before binding.</summary>
    public int AnalysisMaxNestingDepth { get; set; } = 500;

    /// <summary>
    /// Longest an analysis of submitted source may run before it is cancelled and refused (30 s: room for the compiler's
    /// cold start on a busy machine, well inside a client's usual 100-120 s timeout).
    /// </summary>
    public TimeSpan AnalysisTimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Analyses of submitted source that may run at once; one more is answered 503 with <c>Retry-After</c>.</summary>
    public int MaxConcurrentAnalyses { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Body limit of analyze: the source plus room for the envelope.</summary>
    internal int AnalyzeBodyLimitBytes => SourceLimitBytes + (16 * 1024);

    /// <summary>Body limit of submit: the arguments plus room for a plan.</summary>
    internal int SubmitBodyLimitBytes => ArgumentsLimitBytes + (256 * 1024);
}
