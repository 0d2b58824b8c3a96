namespace Serverless.Samples;

/// <summary>Grayscale bitmap helpers (row-major bytes) used by <see cref="ImagePipeline"/>.</summary>
public static class Bitmap
{
    /// <summary>A deterministic test image: gradients plus pseudo-random noise from a seed.</summary>
    public static byte[] Synthesize(int width, int height, int seed)
    {
        var pixels = new byte[width * height];
        var state = (uint)seed | 1u;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var gradient = (x * 255 / Math.Max(1, width - 1) + y * 128 / Math.Max(1, height - 1)) / 2;
                pixels[(y * width) + x] = (byte)Math.Clamp(gradient + (int)(state % 64) - 32, 0, 255);
            }
        }

        return pixels;
    }

    public static byte[] BoxBlur(byte[] pixels, int width, int height)
    {
        var result = new byte[pixels.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                int sum = 0, count = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height)
                        {
                            sum += pixels[(ny * width) + nx];
                            count++;
                        }
                    }
                }

                result[(y * width) + x] = (byte)(sum / count);
            }
        }

        return result;
    }

    public static int[] Sobel(byte[] pixels, int width, int height)
    {
        var result = new int[pixels.Length];
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                int P(int dx, int dy) => pixels[((y + dy) * width) + x + dx];
                var gx = -P(-1, -1) - (2 * P(-1, 0)) - P(-1, 1) + P(1, -1) + (2 * P(1, 0)) + P(1, 1);
                var gy = -P(-1, -1) - (2 * P(0, -1)) - P(1, -1) + P(-1, 1) + (2 * P(0, 1)) + P(1, 1);
                result[(y * width) + x] = (int)Math.Sqrt((gx * gx) + (gy * gy));
            }
        }

        return result;
    }

    public static int[] Histogram(byte[] pixels, int buckets)
    {
        var histogram = new int[buckets];
        foreach (var p in pixels)
        {
            histogram[p * buckets / 256]++;
        }

        return histogram;
    }

    public static byte[] Downscale(byte[] pixels, int width, int height, int factor)
    {
        int w = Math.Max(1, width / factor), h = Math.Max(1, height / factor);
        var result = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                result[(y * w) + x] = pixels[(Math.Min(height - 1, y * factor) * width) + Math.Min(width - 1, x * factor)];
            }
        }

        return result;
    }
}
