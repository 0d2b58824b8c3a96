namespace Serverless.Samples;

/// <summary>Result of <see cref="ImagePipeline.Process"/>.</summary>
public sealed record ImageReport(int Width, int Height, int BrightPixels, double EdgeRatio, int[] Histogram, int ThumbnailPixels);
