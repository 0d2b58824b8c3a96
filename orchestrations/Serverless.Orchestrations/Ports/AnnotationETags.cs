namespace Serverless.Orchestrations.Ports;

/// <summary>ETag conventions shared by every <see cref="IAnnotationStore"/>.</summary>
public static class AnnotationETags
{
    /// <summary>The ETag of a function whose overrides were never stored: an update conditional on it creates them.</summary>
    public const string None = "\"none\"";
}
