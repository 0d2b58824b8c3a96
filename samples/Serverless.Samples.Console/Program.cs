using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Annotations.Runtime;
using Serverless.Hosting.Interception;

namespace Serverless.Samples.Console;

/// <summary>
/// A user's console app: it calls [Splitable] methods the ordinary way. With <c>AddServerlessSplitter(o =>
/// o.UseEmbeddedEngine())</c> each call is planned, split into units across the simulated regions and run on the
/// in-process engine; without it (<c>--direct</c>), the same calls run the original methods.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var direct = args.Contains("--direct");
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (!direct)
        {
            builder.Services.AddServerlessSplitter(o => { o.UseEmbeddedEngine(); o.Objective = new Serverless.Planning.Model.PlanObjective(0.00002); });
        }

        using var host = builder.Build();
        var handler = host.Services.GetService<EngineSplitCallHandler>();
        var units = new Dictionary<string, SplitCallRecord>(StringComparer.Ordinal);
        if (handler is not null)
        {
            handler.CallCompleted += (_, call) => units[call.FunctionId] = call;
        }

        await host.StartAsync().ConfigureAwait(false);
        System.Console.WriteLine(direct ? "calls run direct (no splitter)" : "calls run split on the embedded engine");
        foreach (var (name, call) in SampleCalls.All)
        {
            var result = await call().ConfigureAwait(false);
            var json = JsonSerializer.Serialize(result, result?.GetType() ?? typeof(object), SplitJson.Options);
            var where = units.Remove(name, out var record) && record.Plan is { } plan
                ? string.Create(CultureInfo.InvariantCulture, $"{plan.Units.Count} unit(s): ") + string.Join(", ", plan.Units.Select(u => $"[{string.Join(",", u.Segments)}]@{u.Region}"))
                : "direct";
            System.Console.WriteLine($"{name}: {where}");
            System.Console.WriteLine($"  = {(json.Length <= 240 ? json : string.Create(CultureInfo.InvariantCulture, $"{json[..240]}… ({json.Length} characters)"))}");
        }

        await host.StopAsync().ConfigureAwait(false);
        return 0;
    }
}
