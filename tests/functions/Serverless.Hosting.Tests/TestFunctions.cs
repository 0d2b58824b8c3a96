using System.Text;
using Serverless.Annotations;
using Serverless.Samples;

namespace Serverless.Hosting.Tests;

/// <summary>[Splitable] methods of the tests' own assembly (a user's app may hold its functions itself).</summary>
public static partial class TestFunctions
{
    /// <summary>Refused by the analysis (SPL005: a StringBuilder crosses a statement boundary): runs directly.</summary>
    [Splitable]
    public static string Refused(string name, int times)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < times; i++)
        {
            sb.Append(name).Append(';');
        }

        return sb.ToString();
    }

    /// <summary>Calls another [Splitable] method inside a segment: that nested call runs directly, not on the engine.</summary>
    [Splitable]
    public static int Nested(int width, int height)
    {
        var report = ImagePipeline.Process(width, height, 3, 100);
        var doubled = report.BrightPixels * 2;
        return doubled + report.ThumbnailPixels;
    }
}
