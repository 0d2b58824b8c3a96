using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>
/// An image pipeline over a grayscale bitmap: decode (synthesised from a seed), blur, detect edges, threshold, and
/// build a histogram and thumbnail; the stages after the blur are independent and join in the report.
/// </summary>
public static partial class ImagePipeline
{
    [Splitable]
    [GeoPreference("westeurope", "northeurope")]
    [ResourceConstraint(MemoryMb = 2048, TimeoutSeconds = 120)]
    public static ImageReport Process(int width, int height, int seed, int threshold)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        }

        var pixels = Bitmap.Synthesize(width, height, seed);
        var blurred = Bitmap.BoxBlur(pixels, width, height);
        var edges = Bitmap.Sobel(blurred, width, height);
        var mask = blurred.Select(p => p >= threshold ? (byte)255 : (byte)0).ToArray();
        var histogram = Bitmap.Histogram(blurred, buckets: 8);
        var thumbnail = Bitmap.Downscale(blurred, width, height, factor: 4);
        var edgeRatio = edges.Count(e => e > 64) / (double)edges.Length;
        return new ImageReport(width, height, mask.Count(m => m == 255), Math.Round(edgeRatio, 6), histogram, thumbnail.Length);
    }
}
